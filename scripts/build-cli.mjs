#!/usr/bin/env node
// Bundles the command-line interface into dist/cli/ with esbuild, after `tsc` has built the library.
//
//   node scripts/build-cli.mjs            (run by `npm run build`)
//   node scripts/build-cli.mjs --analyze  also print what each output file is made of
//   node scripts/build-cli.mjs --out DIR --without NAME[,NAME]
//                                         a bundle without some start-up devices (DEVICES below), into
//                                         DIR/cli/, to measure what each one saves (src/cli/startup/README.md)
//
// Every start-up device, what it saves per Node line, and what to check when undici, chalk or
// commander is upgraded: src/cli/startup/README.md. test/unit/cli-bundle.test.ts fails when an
// upgrade breaks what the devices assume.
//
// Why a bundle: resolving and reading ~150 small files of commander, undici, @smithy/* and
// fast-xml-parser costs more than running the CLI itself. One file per load step, and no Node
// built-in module loaded that the command does not use, is what brings `sts-creds` closer to bare
// `node` (see bench/README.md).
//
// - dist/cli/main.js is the whole CLI as one CommonJS file: Node runs CommonJS without setting up its
//   ES module loader (tens of milliseconds on Node 24). The commands' own code (HTTP, signing, XML)
//   is in it, but its modules are initialised only when a command sends a request.
// - dist/cli/hot.js (src/cli/hot/hot.ts) answers a credential_process cache hit and completion's names
//   without commander, chalk, or the HTTP, signing and XML code; whatever it cannot answer it declines
//   and main.js runs. Its own modules come from src/ as main.js's do: no class crosses the two files.
// - dist/cli/start.js (src/cli/startup/start.ts), what bin/sts-creds.js requires, tries hot.js first where
//   it may answer, then runs main.js, each through V8's
//   code cache (src/cli/startup/code-cache.ts): with the code of the last run of the same kind at hand, V8
//   neither parses nor compiles main.js, and functions a run does not call are never compiled at
//   all. main.js's content hash is built into start.js, so code of another build is never used.
//   bin/sts-creds.js answers `--version` without loading either.
// - ESM packages (@smithy/*) are taken from their ES module builds so unused code is dropped.
// - undici has no ES module build, and its entry file loads fetch, WebSocket, caches and mocks the
//   CLI never uses. The `undici` import is therefore served from undici's own files for exactly the
//   names the source imports (UNDICI_PARTS below); a name missing from that table fails the build.
// - Stand-ins, each explained where it is defined: no node:http2 for undici, a node:child_process
//   for commander that loads on first use, no terminal detection in chalk. (V8's optimising tier
//   for WebAssembly is turned off by src/cli/startup/start.ts.)
// - The library is bundled on its own by scripts/build-lib.mjs (dist/index.js, an ES module, with the
//   undici-subset and no-http2 devices); dist/cli/ is the CLI's alone.

import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const UNDICI_DIR = dirname(createRequire(join(ROOT, 'package.json')).resolve('undici'));

/** undici exports the CLI bundle may use, and the file of undici each one lives in. */
export const UNDICI_PARTS = {
  Agent: 'lib/dispatcher/agent.js',
  Client: 'lib/dispatcher/client.js',
  Dispatcher: 'lib/dispatcher/dispatcher.js',
  EnvHttpProxyAgent: 'lib/dispatcher/env-http-proxy-agent.js',
  Pool: 'lib/dispatcher/pool.js',
  ProxyAgent: 'lib/dispatcher/proxy-agent.js',
  errors: 'lib/core/errors.js',
};

/**
 * The module that stands in for `undici` in the bundle. `request(url, options)` is undici's
 * top-level helper for the form the transport uses: an explicit dispatcher, a URL, a method.
 */
function undiciSubset() {
  const path = (file) => JSON.stringify(join(UNDICI_DIR, file));
  const lines = Object.entries(UNDICI_PARTS).map(([name, file]) => `import ${name} from ${path(file)};`);
  return [
    ...lines,
    `import api from ${path('lib/api/index.js')};`,
    // What undici's entry file does: every dispatcher gets request(), stream(), pipeline(), ...
    'Object.assign(Dispatcher.prototype, api);',
    'export function request(url, options = {}) {',
    '  const { dispatcher, ...rest } = options;',
    "  if (!dispatcher) throw new errors.InvalidArgumentError('the sts-creds bundle of undici needs an explicit dispatcher');",
    '  const target = url instanceof URL ? url : new URL(String(url));',
    "  const method = rest.method || (rest.body ? 'PUT' : 'GET');",
    // As undici's own request(url, options): any dispatcher with dispatch() will do, a user's own undici's too.
    '  return api.request.call(dispatcher, { ...rest, origin: target.origin, path: `${target.pathname}${target.search}`, method });',
    '}',
    `export { ${Object.keys(UNDICI_PARTS).join(', ')} };`,
  ].join('\n');
}

/** @type {import('esbuild').Plugin} */
const undiciSubsetPlugin = {
  name: 'undici-subset',
  setup(b) {
    b.onResolve({ filter: /^undici$/ }, () => ({ path: 'undici-subset', namespace: 'undici-subset' }));
    b.onLoad({ filter: /^undici-subset$/, namespace: 'undici-subset' }, () => ({ contents: undiciSubset(), loader: 'js', resolveDir: UNDICI_DIR }));
  },
};

/** @type {import('esbuild').Plugin} */
const noHttp2Plugin = {
  name: 'no-http2',
  setup(b) {
    // undici loads node:http2 (and with it node:tls) at start-up, ~10 ms, for HTTP/2 it only uses
    // when a dispatcher is created with `allowH2`. Where node:http2 cannot be loaded, undici falls
    // back to HTTP/1.1 by itself; the CLI never asks for HTTP/2, so it gets that fallback.
    b.onResolve({ filter: /^node:http2$/ }, (args) =>
      args.importer.startsWith(UNDICI_DIR) ? { path: 'no-http2', namespace: 'no-http2' } : undefined,
    );
    b.onLoad({ filter: /^no-http2$/, namespace: 'no-http2' }, () => ({
      contents: "throw new Error('node:http2 is left out of the sts-creds CLI bundle');",
      loader: 'js',
    }));
  },
};

/**
 * commander loads node:child_process when it is loaded, for stand-alone executable subcommands,
 * which sts-creds does not have. It gets a stand-in that loads the real module on first use.
 * @type {import('esbuild').Plugin}
 */
const lazyChildProcessPlugin = {
  name: 'lazy-child-process',
  setup(b) {
    b.onResolve({ filter: /^node:child_process$/ }, (args) =>
      /[\\/]node_modules[\\/]commander[\\/]/.test(args.importer) ? { path: 'lazy-child-process', namespace: 'lazy-child-process' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'lazy-child-process' }, () => ({
      contents: "module.exports = new Proxy({}, { get: (_, key) => require('node:child_process')[key] });",
      loader: 'js',
    }));
  },
};

/**
 * A stand-in, for the source files under `dir`, for named functions of Node built-in modules that
 * loads the module on the first call. Used for the credential cache's node:crypto (src/cache/), whose
 * load costs a cache hit 3 to 7 ms and which the cache needs only to name the temporary file of a
 * write (the key's SHA-256 is computed in src/cache/sha256-hex.ts). A name missing from `table` fails
 * the build (esbuild: no matching export).
 * @param {string} dir source directory, relative to the repository
 * @param {Record<string, string[]>} table built-in module -> the functions used from it
 * @returns {import('esbuild').Plugin}
 */
function lazyBuiltinsPlugin(dir, table) {
  const under = join(ROOT, dir);
  return {
    name: 'lazy-builtins',
    setup(b) {
      const filter = new RegExp(`^(${Object.keys(table).join('|')})$`);
      // The stand-in's own require() is of the real module.
      b.onResolve({ filter }, (args) => {
        if (args.namespace === 'lazy-builtins') return { path: args.path, external: true };
        return args.importer.startsWith(under) ? { path: args.path, namespace: 'lazy-builtins' } : undefined;
      });
      b.onLoad({ filter: /.*/, namespace: 'lazy-builtins' }, ({ path }) => ({
        contents: table[path].map((name) => `export function ${name}(...args) { return require(${JSON.stringify(path)}).${name}(...args); }`).join('\n'),
        loader: 'js',
      }));
    },
  };
}

/**
 * chalk detects colour support when it is loaded, which loads node:tty and node:os. The CLI decides
 * colour itself (src/cli/style.ts: NO_COLOR, FORCE_COLOR, a terminal) and always gives chalk a
 * level, so chalk's detection is replaced by an answer of "none" that is never consulted.
 * @type {import('esbuild').Plugin}
 */
const chalkWithoutDetectionPlugin = {
  name: 'chalk-without-detection',
  setup(b) {
    b.onResolve({ filter: /^#supports-color$/ }, (args) =>
      /[\\/]node_modules[\\/]chalk[\\/]/.test(args.importer) ? { path: 'supports-color', namespace: 'chalk-without-detection' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'chalk-without-detection' }, () => ({
      contents: 'export function createSupportsColor() { return false; }\nexport default { stdout: false, stderr: false };',
      loader: 'js',
    }));
  },
};

/**
 * The libraries only a request needs (undici, fast-xml-parser, @smithy/signature-v4: two thirds of the
 * CLI's code) live in dist/cli/request-libraries.js, which main.js requires when its transport, XML or
 * signing module is first initialised: a run that sends nothing (help, a usage error, `env --unset`) reads
 * and compiles a third of the text. Each library is imported by one module of src/ (the house rule), so no
 * class of ours or theirs is in both files.
 */
export const REQUEST_LIBRARIES = {
  undici: ['EnvHttpProxyAgent', 'Pool', 'request'],
  'fast-xml-parser': ['XMLParser', 'XMLValidator'],
  '@smithy/signature-v4': ['SignatureV4'],
};

/**
 * In main.js, each library is a stand-in that takes its names from request-libraries.js on first use; a
 * name the source imports that is missing from REQUEST_LIBRARIES fails the build (esbuild: no matching export).
 * @type {import('esbuild').Plugin}
 */
const requestLibrariesPlugin = {
  name: 'request-libraries',
  setup(b) {
    const names = Object.keys(REQUEST_LIBRARIES);
    const filter = new RegExp(`^(${names.map((name) => name.replace(/[/.]/g, '\\$&')).join('|')})$`);
    b.onResolve({ filter }, (args) => (args.importer.startsWith(join(ROOT, 'src')) ? { path: args.path, namespace: 'request-libraries' } : undefined));
    b.onResolve({ filter: /^\.\/request-libraries\.js$/ }, () => ({ path: './request-libraries.js', external: true }));
    b.onLoad({ filter: /.*/, namespace: 'request-libraries' }, ({ path }) => ({
      // src/cli/startup/start.ts loads the file through the code cache before a run that sends requests.
      contents: [
        `const { libraries } = globalThis[Symbol.for('sts-creds.request-libraries')] ?? require('./request-libraries.js');`,
        ...REQUEST_LIBRARIES[path].map((name) => `export const ${name} = libraries[${JSON.stringify(path)}].${name};`),
      ].join('\n'),
      loader: 'js',
    }));
  },
};

/** request-libraries.js's entry: the names of REQUEST_LIBRARIES, by library. */
function requestLibrariesEntry() {
  const entries = Object.entries(REQUEST_LIBRARIES);
  return [
    ...entries.map(([library, names], i) => `import { ${names.map((name) => `${name} as l${i}_${name}`).join(', ')} } from ${JSON.stringify(library)};`),
    `export const libraries = { ${entries.map(([library, names], i) => `${JSON.stringify(library)}: { ${names.map((name) => `${name}: l${i}_${name}`).join(', ')} }`).join(', ')} };`,
  ].join('\n');
}

/**
 * The short runs of dist/cli/hot.js and dist/cli/start.js do one thing at a time: their file-system calls
 * (src/fs/promised-fs.ts) are served by src/fs/synchronous-fs.ts, the same calls made synchronously, so a
 * cache hit neither starts libuv's thread pool nor waits a turn of the event loop per call.
 * @type {import('esbuild').Plugin}
 */
const syncFsPlugin = {
  name: 'sync-fs',
  setup(b) {
    b.onResolve({ filter: /[\\/]promised-fs\.js$/ }, (args) =>
      args.importer.startsWith(join(ROOT, 'src')) ? { path: join(ROOT, 'src', 'fs', 'synchronous-fs.ts') } : undefined,
    );
  },
};

/**
 * The hot path's bundle (src/cli/hot/) declines what needs more than it holds: in place of the OS keyring's
 * code and a login profile's OpenID code (which bring node:child_process, node:crypto and the HTTP stack) it
 * gets functions that throw, and the run is left to main.js. A name missing here is a TypeError at the call,
 * which declines as well.
 * @type {import('esbuild').Plugin}
 */
export const hotDeclinesPlugin = {
  name: 'hot-declines',
  setup(b) {
    const declined = { 'keyring-store': ['readKeyringSecret', 'listKeyringSecrets'], 'login-token': ['loginTokenFor'] };
    b.onResolve({ filter: /[\\/](keyring-store|login-token)\.js$/ }, (args) => ({ path: /(keyring-store|login-token)\.js$/.exec(args.path)[1], namespace: 'hot-declines' }));
    b.onLoad({ filter: /.*/, namespace: 'hot-declines' }, ({ path }) => ({
      contents: declined[path].map((name) => `export function ${name}() { throw new Error('left to the whole CLI (${path})'); }`).join('\n'),
      loader: 'js',
    }));
  },
};

/** What the bundles share: CommonJS for Node 20, minified, with the stand-ins above. */
const COMMON = {
  absWorkingDir: ROOT,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  mainFields: ['module', 'main'],
  minify: true,
  // Readable class and function names in `--debug` stack traces, for a few hundred bytes.
  keepNames: true,
  legalComments: 'linked',
  // No source maps: a map in the package would point at src/, which the package does not ship.
  sourcemap: false,
  // The sources are ES modules; the two that use import.meta.url (the package.json of --version,
  // resolving the optional keyring package) get the file's own URL.
  define: { 'import.meta.url': '__stsCredsFileUrl' },
  banner: { js: '"use strict";var __stsCredsFileUrl=require("node:url").pathToFileURL(__filename).href;' },
  // The CLI's own dynamic imports (node:crypto and node:tls for a client certificate) become require():
  // the bundle is run by code-cache.ts through node:vm, which has no ES module loader to import with.
  supported: { 'dynamic-import': false },
  metafile: true,
  logLevel: 'warning',
};

/**
 * The start-up devices of the bundle, by name (src/cli/startup/README.md says what each saves):
 * esbuild plugins, and `code-cache`, which is src/cli/startup/start.ts itself (without it, start.js
 * runs the bundles without V8's cached code).
 */
export const DEVICES = Object.freeze({
  'undici-subset': undiciSubsetPlugin,
  'no-http2': noHttp2Plugin,
  'lazy-child-process': lazyChildProcessPlugin,
  'chalk-without-detection': chalkWithoutDetectionPlugin,
  'lazy-crypto': lazyBuiltinsPlugin('src/cache/', { 'node:crypto': ['randomBytes'] }),
  'sync-fs': syncFsPlugin,
  'request-libraries': requestLibrariesPlugin,
  'code-cache': undefined,
});

/**
 * The top-level help (`sts-creds --help`) at the default width, rendered by commander from the program
 * main.js builds (src/cli/program.ts), for the hot path to print as it is (src/cli/hot/top-level-help.ts).
 * The render runs here, from a throwaway bundle of program.ts in `outDir`; it fails the build when the
 * help is not what commander shows for `--help`.
 * @param {string} outDir
 * @returns {Promise<string>}
 */
async function renderTopLevelHelp(outDir) {
  const file = join(outDir, '.render-help.cjs');
  const contents = [
    "import { buildProgram } from './src/cli/program.ts';",
    "import { PRERENDERED_HELP_WIDTH } from './src/cli/help-width.ts';",
    'export function render() {',
    "  let out = '';",
    '  const io = {',
    '    env: { COLUMNS: String(PRERENDERED_HELP_WIDTH) },',
    '    stdout: { write: (text) => { out += text; } },',
    "    stderr: { write: (text) => { throw new Error(`the help wrote to stderr: ${text}`); } },",
    '  };',
    "  const program = buildProgram(io, '0.0.0', () => { throw new Error('--help ran a command'); });",
    "  try { program.parse(['--help'], { from: 'user' }); } catch (error) { if (error?.code !== 'commander.helpDisplayed') throw error; }",
    '  return out;',
    '}',
  ].join('\n');
  await build({ ...COMMON, minify: false, legalComments: 'none', stdin: { contents, resolveDir: ROOT, sourcefile: 'render-help.js', loader: 'js' }, outfile: file, metafile: false });
  try {
    const text = createRequire(import.meta.url)(file).render();
    if (!text.startsWith('Usage: sts-creds ')) throw new Error(`build-cli: the rendered top-level help is not commander's: ${JSON.stringify(text.slice(0, 80))}`);
    return text;
  } finally {
    await rm(file, { force: true });
  }
}

/**
 * Bundles src/cli/main.ts and src/cli/startup/start.ts into `outDir` (dist/cli/); returns esbuild's
 * metafiles merged. `without` names devices to leave out (for measuring only).
 * @param {{ outDir?: string, without?: readonly string[] }} [options]
 */
export async function buildCli({ outDir = join(ROOT, 'dist', 'cli'), without = [] } = {}) {
  for (const name of without) if (!(name in DEVICES)) throw new Error(`build-cli: no start-up device ${JSON.stringify(name)} (known: ${Object.keys(DEVICES).join(', ')})`);
  const plugins = (names) => names.filter((name) => !without.includes(name)).map((name) => DEVICES[name]);
  // tsc compiled src/cli/* file by file into dist/cli/; nothing imports those copies, the bundle replaces them.
  await rm(outDir, { recursive: true, force: true });
  const main = await build({
    ...COMMON,
    // The keyring's child program too (src/keyring/os-keyring.ts runs the one beside the code that runs it).
    entryPoints: { main: 'src/cli/main.ts', 'keyring-child': 'src/keyring/keyring-child.ts' },
    outdir: outDir,
    plugins: plugins(['request-libraries', 'undici-subset', 'no-http2', 'lazy-child-process', 'chalk-without-detection', 'lazy-crypto']),
  });
  // What main.js's request-libraries stand-ins require (unused when that device is left out).
  const requestLibraries = await build({
    ...COMMON,
    stdin: {
      contents: requestLibrariesEntry(),
      resolveDir: ROOT,
      sourcefile: 'request-libraries.js',
      loader: 'js',
    },
    outfile: join(outDir, 'request-libraries.js'),
    plugins: plugins(['undici-subset', 'no-http2']),
  });
  // The hot path (src/cli/hot/hot.ts): a cache hit, completion's names and the top-level help without commander,
  // chalk or the request code.
  const hot = await build({
    ...COMMON,
    entryPoints: { hot: 'src/cli/hot/hot.ts' },
    define: { ...COMMON.define, STS_CREDS_TOP_LEVEL_HELP: JSON.stringify(await renderTopLevelHelp(outDir)) },
    // It prints no stack trace (`--debug` and every error are main.js's); naming each function costs its
    // start-up ~90 KiB of allocations, and a garbage collection with them.
    keepNames: false,
    outdir: outDir,
    plugins: [hotDeclinesPlugin, ...plugins(['lazy-crypto', 'sync-fs'])],
  });
  const hashOf = async (name) => createHash('sha256').update(await readFile(join(outDir, name))).digest('hex').slice(0, 32);
  const hash = await hashOf('main.js');
  const start = await build({
    ...COMMON,
    entryPoints: { start: 'src/cli/startup/start.ts' },
    outdir: outDir,
    define: {
      ...COMMON.define,
      STS_CREDS_BUNDLE_HASH: JSON.stringify(hash),
      STS_CREDS_HOT_HASH: JSON.stringify(await hashOf('hot.js')),
      // Empty when main.js holds the libraries itself (`--without request-libraries`): nothing to load first.
      STS_CREDS_REQUEST_LIBRARIES_HASH: JSON.stringify(without.includes('request-libraries') ? '' : await hashOf('request-libraries.js')),
      STS_CREDS_NO_CODE_CACHE: String(without.includes('code-cache')),
    },
    plugins: plugins(['lazy-crypto', 'sync-fs']),
  });
  const outputs = { ...main.metafile.outputs, ...requestLibraries.metafile.outputs, ...hot.metafile.outputs, ...start.metafile.outputs };
  // dist/ is otherwise ES modules (package.json "type": "module"); these files are not.
  await writeFile(join(outDir, 'package.json'), `${JSON.stringify({ type: 'commonjs' }, null, 2)}\n`);
  return { outputs };
}

/** One line per output file: its size and the packages that make it up. */
export function describe(metafile) {
  const lines = [];
  for (const [file, output] of Object.entries(metafile.outputs)) {
    if (!file.endsWith('.js')) continue;
    const parts = new Map();
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)?.[1] ?? (input.startsWith('src/') ? 'src' : input);
      parts.set(pkg, (parts.get(pkg) ?? 0) + bytesInOutput);
    }
    const top = [...parts].sort((a, b) => b[1] - a[1]).map(([name, bytes]) => `${name} ${(bytes / 1024).toFixed(1)}k`);
    lines.push(`${relative(ROOT, join(ROOT, file))}  ${(output.bytes / 1024).toFixed(1)} KiB: ${top.join(', ')}`);
  }
  return lines.join('\n');
}

/**
 * The options both build scripts take on their command line: `--out DIR`, `--without NAME[,NAME]`.
 * @param {readonly string[]} argv
 * @returns {{ out: string | undefined, without: string[] }}
 */
export function buildOptions(argv) {
  const option = (name) => {
    const at = argv.indexOf(name);
    return at === -1 ? undefined : argv[at + 1];
  };
  return { out: option('--out'), without: option('--without')?.split(',').filter(Boolean) ?? [] };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { out, without } = buildOptions(process.argv);
  const metafile = await buildCli({ ...(out ? { outDir: join(out, 'cli') } : {}), without });
  if (process.argv.includes('--analyze')) process.stdout.write(`${describe(metafile)}\n`);
}
