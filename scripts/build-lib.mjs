#!/usr/bin/env node
// Bundles the library into one ES module, dist/index.js, with esbuild, after `tsc` has emitted the
// declarations (dist/**/*.d.ts, which stay what `types` points at).
//
//   node scripts/build-lib.mjs            (run by `npm run build`, after scripts/build-cli.mjs)
//   node scripts/build-lib.mjs --analyze  also print what the bundle is made of
//   node scripts/build-lib.mjs --out DIR [--without NAME[,NAME]] [--minify]
//                                         a variant into DIR, to measure what a choice saves
//
// Why one file: a script that imports sts-creds and makes one AssumeRole call pays, before the call,
// for resolving and reading the ~64 files tsc emits, undici's 111 and fast-xml-parser's ~40, each
// through Node's ES module or CommonJS loader. One file is read and compiled once (lazily: V8 compiles
// a function when it first runs). What that saves per Node line: "The library" in src/cli/startup/README.md.
//
// - Bundled: our code and what the request path needs: undici (through the CLI's `undici-subset` and
//   `no-http2` devices, scripts/build-cli.mjs), fast-xml-parser, @smithy/signature-v4 and @noble/hashes.
//   The package needs none of its dependencies at run time; `undici` stays a dependency because the
//   declarations import its types, and a user's own undici dispatcher (`dispatcher` option) works with the
//   bundled copy: the transport only calls its `request()` (or `dispatch()`), it never checks its class.
// - Not bundled: `@napi-rs/keyring` (optional and native) is never imported; src/keyring/os-keyring.ts
//   resolves it by path on first use and hands the path to the keyring child, which is built beside the
//   bundle as dist/keyring-child.js (os-keyring.ts runs the copy beside the module that runs it).
// - undici is CommonJS and `require()`s Node built-ins, some only when used (zlib, http2, worker_threads);
//   in an ES module there is no `require`, so the banner gives the bundle one that returns the built-in
//   (process.getBuiltinModule, Node >= 20.16), loading it no earlier than undici asks for it.
// - Not minified (measured: no start-up time saved, see the README), so a user's stack trace through
//   the library reads as the source does. No `keepNames` either: its `__name()` call on every closure
//   a function creates cost a warm AssumeRole 6-8 % more CPU; without minification esbuild renames
//   only a name two modules share (`parseXml2`), and test/unit/library-bundle.test.ts checks that
//   every export keeps its own name.
// - Licence comments of bundled code go to dist/index.js.LEGAL.txt, which ships with it.

import { build } from 'esbuild';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEVICES, buildOptions, describe } from './build-cli.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The CLI's start-up devices the library bundle uses too (what each does: scripts/build-cli.mjs). */
export const LIB_DEVICES = Object.freeze(['undici-subset', 'no-http2']);

/** A `require` for CommonJS code in the ES module bundle: Node built-ins only, nothing resolved from disk. */
const REQUIRE_BANNER = [
  'const require = (id) => {',
  '  const builtin = process.getBuiltinModule(id);',
  '  if (builtin === undefined) throw Object.assign(new Error(`Cannot find module \'${id}\'`), { code: \'MODULE_NOT_FOUND\' });',
  '  return builtin;',
  '};',
].join('\n');

/**
 * Bundles src/index.ts into `outDir`/index.js and the keyring child into `outDir`/keyring-child.js.
 * `without` leaves out devices of {@link LIB_DEVICES} (for measuring only).
 * @param {{ outDir?: string, without?: readonly string[], minify?: boolean }} [options]
 */
export async function buildLib({ outDir = join(ROOT, 'dist'), without = [], minify = false } = {}) {
  for (const name of without) if (!LIB_DEVICES.includes(name)) throw new Error(`build-lib: no device ${JSON.stringify(name)} in the library (known: ${LIB_DEVICES.join(', ')})`);
  const common = {
    absWorkingDir: ROOT,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // ES module builds where a package has one (@smithy/*), so what is not used is dropped.
    mainFields: ['module', 'main'],
    minify,
    legalComments: 'linked',
    // No source maps: one would point at src/, which the package does not ship.
    sourcemap: false,
    metafile: true,
    logLevel: 'warning',
  };
  const lib = await build({
    ...common,
    entryPoints: { index: 'src/index.ts' },
    outdir: outDir,
    banner: { js: REQUIRE_BANNER },
    plugins: LIB_DEVICES.filter((name) => !without.includes(name)).map((name) => DEVICES[name]),
  });
  const child = await build({ ...common, entryPoints: { 'keyring-child': 'src/keyring/keyring-child.ts' }, outdir: outDir });
  return { outputs: { ...lib.metafile.outputs, ...child.metafile.outputs } };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { out, without } = buildOptions(process.argv);
  const metafile = await buildLib({ ...(out ? { outDir: out } : {}), without, minify: process.argv.includes('--minify') });
  if (process.argv.includes('--analyze')) process.stdout.write(`${describe(metafile)}\n`);
}
