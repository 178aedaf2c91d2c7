/**
 * docs/compatibility.md backs each cell with a test, cited as `file › describe › test` (a leading or
 * trailing `…` abbreviates). This keeps the citations true: the file exists and holds every named
 * part, so renaming or deleting a test fails here until the page is updated.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from '../helpers/cli.js';

const page = readFileSync(join(REPO, 'docs', 'compatibility.md'), 'utf8');

/** Every backticked citation `dir/file.test.ts › …`, and `… › …` ones resolved against the last file cited before them. */
function citations(): Array<{ file: string; parts: string[] }> {
  const out: Array<{ file: string; parts: string[] }> = [];
  let lastFile: string | undefined;
  for (const match of page.matchAll(/`([^`]*›[^`]*)`/g)) {
    const segments = match[1]!.split('›').map((s) => s.replace(/\s+/g, ' ').trim());
    const head = segments[0]!;
    if (/\.test\.ts$/.test(head)) {
      lastFile = head;
      out.push({ file: head, parts: segments.slice(1) });
    } else if (head === '…' && lastFile) {
      out.push({ file: lastFile, parts: segments.slice(1) });
    }
  }
  return out;
}

/** The part without an abbreviating `…` at either end, and typographic quotes as the source writes them. */
function needle(part: string): string {
  return part.replace(/^…\s*/, '').replace(/\s*…$/, '').replace(/;$/, '').trim();
}

describe('docs/compatibility.md', () => {
  const cited = citations();

  it('cites tests', () => {
    expect(cited.length).toBeGreaterThan(20);
  });

  it.each(cited.map((c) => [`${c.file} › ${c.parts.join(' › ')}`, c] as const))('%s exists', (_label, { file, parts }) => {
    const path = join(REPO, 'test', file);
    expect(existsSync(path), `no such test file: test/${file}`).toBe(true);
    const source = readFileSync(path, 'utf8').replace(/\s+/g, ' ');
    for (const part of parts.map(needle).filter((p) => p !== '' && p !== '…')) {
      // Named parts are plain text in the source; a part may be cut short with `…` where it runs long.
      const pieces = part.split('…').map((p) => p.trim()).filter(Boolean);
      for (const piece of pieces) expect(source.includes(piece), `test/${file} has no test or describe named like "${piece}"`).toBe(true);
    }
  });
});
