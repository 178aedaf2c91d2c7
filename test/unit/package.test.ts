// What `npm pack` would publish: the licence package.json promises, the entry points it names, and
// no source map that leads to a file the package does not contain. Needs `npm run build` first
// (`npm test` runs it), since dist/ is what is packed.

import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);

interface PackJson {
  files: { path: string }[];
}

let shipped: Set<string>;
let scratch: string;

beforeAll(async () => {
  // npm keeps a cache and logs under HOME; a private one keeps the real home untouched, and nothing else
  // of the test process's environment (an npm_config_* of the developer's, say) reaches npm.
  scratch = await mkdtemp(join(tmpdir(), 'sts-creds-pack-'));
  const { stdout } = await run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: scratch, npm_config_cache: join(scratch, 'npm-cache'), npm_config_update_notifier: 'false' },
    maxBuffer: 16 * 1024 * 1024,
  });
  const [pack] = JSON.parse(stdout) as PackJson[];
  shipped = new Set(pack?.files.map((f) => f.path) ?? []);
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
});
