/**
 * The shape of the code: no import circle anywhere in src/ (type-only and lazy `import()` arrows count),
 * and `inputs/` (flags + environment + files -> typed settings) imports nothing of the CLI above it.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from '../helpers/cli.js';

const SRC = join(REPO, 'src');

/** Every .ts file under `dir`, relative to src/. */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [relative(SRC, path)] : [];
  });
}

/** The relative imports of a file (static, type-only, re-exports and `import()`), as paths relative to src/. Pure. */
export function importsOf(file: string, text: string): string[] {
  const specs = [
    ...text.matchAll(/^\s*(?:import|export)\s[^;]*?\sfrom\s+'(\.[^']+)'/gm),
    ...text.matchAll(/^\s*import\s+'(\.[^']+)'/gm),
    ...text.matchAll(/\bimport\(\s*'(\.[^']+)'\s*\)/g),
  ].map((m) => m[1]!);
  return specs.map((spec) => relative(SRC, resolve(dirname(join(SRC, file)), spec.replace(/\.js$/, '.ts'))));
}

/** The import graph of src/. */
function graph(): Map<string, string[]> {
  return new Map(sourceFiles(SRC).map((file) => [file, importsOf(file, readFileSync(join(SRC, file), 'utf8'))]));
}

/** The circles of a graph (strongly connected components of more than one file, or a file importing itself). Pure. */
export function circles(edges: ReadonlyMap<string, readonly string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!edges.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1 || edges.get(v)?.includes(v)) found.push(component.sort());
  };
  for (const v of edges.keys()) if (!index.has(v)) visit(v);
  return found;
}

describe('import graph', () => {
  it('finds a circle when there is one (the check itself works)', () => {
    const edges = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts']],
      ['d.ts', ['a.ts']],
    ]);
    expect(circles(edges)).toEqual([['a.ts', 'b.ts', 'c.ts']]);
    expect(importsOf('cli/x.ts', "import type { A } from './a.js';\nconst m = await import('../b/c.js');\nexport { d } from './d.js';")).toEqual([
      'cli/a.ts',
      'cli/d.ts',
      'b/c.ts',
    ]);
  });

  it('src/ has no import circle', () => {
    const edges = graph();
    expect(edges.size).toBeGreaterThan(50);
    expect(circles(edges)).toEqual([]);
  });

  it('cli/inputs/ imports nothing of the CLI above it (only the CLI modules every floor uses, and the library)', () => {
    const below = new Set(['cli/errors.ts', 'cli/io.ts', 'cli/redact.ts', 'cli/prompt.ts', 'cli/notices.ts', 'cli/debug-log.ts', 'cli/parse-duration.ts', 'cli/options.ts']);
    const upward = [...graph()]
      .filter(([file]) => file.startsWith('cli/inputs/'))
      .flatMap(([file, imports]) => imports.filter((target) => target.startsWith('cli/') && !target.startsWith('cli/inputs/') && !below.has(target)).map((target) => `${file} -> ${target}`));
    expect(upward).toEqual([]);
  });
});
