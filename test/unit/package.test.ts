// What `npm pack` publishes: the licence package.json promises, the entry points it names, no source
// map that leads to a file the package does not contain, the library as one file that works installed
// on its own. Needs `npm run build` first (`npm test` runs it), since dist/ is what is packed.

import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAKE_CREDENTIALS, useFakeSts } from '../helpers/fake-sts.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);

interface PackJson {
  filename: string;
  files: { path: string }[];
}

const fake = useFakeSts();
let shipped: Set<string>;
let scratch: string;
let tarball: string;

beforeAll(async () => {
  // npm keeps a cache and logs under HOME; a private one keeps the real home untouched, and nothing else
  // of the test process's environment (an npm_config_* of the developer's, say) reaches npm.
  scratch = await mkdtemp(join(tmpdir(), 'sts-creds-pack-'));
  const { stdout } = await run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', scratch], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: scratch, npm_config_cache: join(scratch, 'npm-cache'), npm_config_update_notifier: 'false' },
    maxBuffer: 16 * 1024 * 1024,
  });
  const [pack] = JSON.parse(stdout) as PackJson[];
  shipped = new Set(pack?.files.map((f) => f.path) ?? []);
  tarball = join(scratch, pack?.filename ?? 'missing.tgz');
}, 120_000);

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

/** The map a compiled file links to: `//# sourceMappingURL=x` (or the block-comment form), or undefined. */
function sourceMappingUrl(text: string): string | undefined {
  return /[#@] sourceMappingURL=([^\s*]+)/.exec(text)?.[1];
}

/** Every path in the package a source map names, relative to the package root. */
function mapSources(mapPath: string, map: { sources?: string[]; sourceRoot?: string }): string[] {
  const base = posix.join(posix.dirname(mapPath), map.sourceRoot ?? '');
  return (map.sources ?? []).map((source) => posix.normalize(posix.join(base, source)));
}

describe('npm pack', () => {
  it('ships the LICENSE that package.json names, with the full Apache License 2.0', async () => {
    const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { license: string };
    expect(pkg.license).toBe('Apache-2.0');
    expect(shipped.has('LICENSE')).toBe(true);
    const text = await readFile(join(ROOT, 'LICENSE'), 'utf8');
    expect(text).toContain('Apache License\n                           Version 2.0, January 2004');
    expect(text).toContain('END OF TERMS AND CONDITIONS');
    expect(text).toContain('Copyright 2026 the sts-creds authors');
  });

  it('ships every entry point package.json names (run `npm run build` first)', async () => {
    const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as {
      main: string;
      types: string;
      bin: Record<string, string>;
    };
    const entries = [pkg.main, pkg.types, ...Object.values(pkg.bin), 'dist/cli/main.js', 'README.md'];
    for (const entry of entries) expect(shipped, `${entry} is not in the package`).toContain(posix.normalize(entry));
  });

  it('ships no source map that points at a file the package does not ship', async () => {
    const problems: string[] = [];
    const compiled = [...shipped].filter((p) => /\.(?:c|m)?js$|\.d\.(?:c|m)?ts$/.test(p));
    expect(compiled.length).toBeGreaterThan(0);
    for (const file of compiled) {
      const url = sourceMappingUrl(await readFile(join(ROOT, file), 'utf8'));
      if (url === undefined) continue;
      if (url.startsWith('data:')) {
        problems.push(`${file}: inline source map`);
        continue;
      }
      const target = posix.normalize(posix.join(posix.dirname(file), decodeURIComponent(url)));
      if (!shipped.has(target)) problems.push(`${file} -> ${target} (not shipped)`);
    }
    for (const mapFile of [...shipped].filter((p) => p.endsWith('.map'))) {
      const map = JSON.parse(await readFile(join(ROOT, mapFile), 'utf8')) as { sources?: string[]; sourceRoot?: string };
      for (const source of mapSources(mapFile, map)) if (!shipped.has(source)) problems.push(`${mapFile} -> ${source} (not shipped)`);
    }
    expect(problems).toEqual([]);
  });

  it('ships no tests', () => {
    expect([...shipped].filter((p) => /\.test\./.test(p) || p.startsWith('test/'))).toEqual([]);
  });

  it("ships the library as one file (and the keyring's child beside it), not tsc's file per module", () => {
    const code = [...shipped].filter((p) => p.startsWith('dist/') && !p.startsWith('dist/cli/') && /\.(?:c|m)?js$/.test(p));
    expect(code.sort()).toEqual(['dist/index.js', 'dist/keyring-child.js']);
  });

  it('ships every declaration file the shipped ones import', async () => {
    const declarations = [...shipped].filter((p) => p.endsWith('.d.ts'));
    expect(declarations).toContain('dist/index.d.ts');
    const missing: string[] = [];
    for (const file of declarations) {
      const text = await readFile(join(ROOT, file), 'utf8');
      // `from './x.js'` and `import("./x.js").Name`, as tsc writes them.
      for (const [, from, inline] of text.matchAll(/\bfrom\s+'(\.[^']+)\.js'|\bimport\("(\.[^"]+)\.js"\)/g)) {
        const spec = from ?? inline ?? '';
        const target = posix.normalize(posix.join(posix.dirname(file), `${spec}.d.ts`));
        if (!shipped.has(target)) missing.push(`${file} -> ${target}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('installed from the package alone (no dependency installed), `sts-creds` imports and calls STS', async () => {
    const app = join(scratch, 'app');
    const installed = join(app, 'node_modules', 'sts-creds');
    await mkdir(installed, { recursive: true });
    await run('tar', ['-xzf', tarball, '-C', installed, '--strip-components=1']);
    const script = join(app, 'script.mjs');
    await writeFile(
      script,
      "import { assumeRole } from 'sts-creds';\n" +
        "const creds = await assumeRole({ endpoint: process.argv[2], credentials: { accessKeyId: 'AKID', secretAccessKey: 'secret-key-1' } });\n" +
        'process.stdout.write(creds.accessKeyId);\n',
    );
    const { stdout } = await run(process.execPath, [script, fake.url], { cwd: app, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: scratch } });
    expect(stdout).toBe(FAKE_CREDENTIALS.accessKeyId);
    expect(fake.requests).toHaveLength(1);
  });
});
