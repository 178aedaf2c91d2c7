/**
 * docs/library.md's `durationSeconds` limits are the action descriptions' (issue 22, item 5): the table
 * between the `duration-limits` markers is what this test derives from STS_ACTIONS.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatTimeLeft } from '../../src/format/iso-time.js';
import { STS_ACTIONS } from '../../src/sts/registry.js';
import { REPO } from '../helpers/cli.js';

/** The table docs/library.md must hold. */
function limitsTable(): string {
  const rows = Object.values(STS_ACTIONS).map(({ name, durationLimits: { min, max } }) => `| ${name} | ${min} to ${max} (${formatTimeLeft(min * 1000)} to ${formatTimeLeft(max * 1000)}) |`);
  return ['| action | `durationSeconds` accepted |', '| --- | --- |', ...rows].join('\n');
}

describe('docs/library.md limits', () => {
  it('the duration table matches the action descriptions', () => {
    const docs = readFileSync(join(REPO, 'docs', 'library.md'), 'utf8');
    const table = /<!-- duration-limits:start -->\n([\s\S]*?)\n<!-- duration-limits:end -->/.exec(docs)?.[1];
    expect(table, 'docs/library.md: replace the table between the duration-limits markers with the expected one').toBe(limitsTable());
    expect(docs).not.toMatch(/604800/);
  });
});
