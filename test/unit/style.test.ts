import { describe, expect, it } from 'vitest';
import { colourLevel, textStyle } from '../../src/cli/style.js';

describe('colourLevel', () => {
  it.each<[Record<string, string | undefined>, boolean | undefined, 0 | 1 | 2 | 3]>([
    [{}, true, 1],
    [{}, false, 0],
    [{}, undefined, 0],
    [{ TERM: 'dumb' }, true, 0],
    [{ TERM: 'xterm-256color' }, true, 1],
    [{ NO_COLOR: '1' }, true, 0],
    [{ NO_COLOR: 'yes' }, true, 0],
    [{ NO_COLOR: '' }, true, 1], // an empty NO_COLOR does not count (no-color.org)
    [{ NO_COLOR: undefined }, true, 1],
    [{ NO_COLOR: '1', FORCE_COLOR: '3' }, true, 0], // NO_COLOR wins
    [{ FORCE_COLOR: '1' }, false, 1],
    [{ FORCE_COLOR: '2' }, false, 2],
    [{ FORCE_COLOR: '3' }, false, 3],
    [{ FORCE_COLOR: '' }, false, 1],
    [{ FORCE_COLOR: 'true' }, false, 1],
    [{ FORCE_COLOR: '7' }, false, 1],
    [{ FORCE_COLOR: '0' }, true, 0],
    [{ FORCE_COLOR: 'false' }, true, 0],
    [{ FORCE_COLOR: '2', TERM: 'dumb' }, false, 2],
  ])('env %j, TTY %s → %i', (env, isTTY, level) => {
    expect(colourLevel(env, isTTY)).toBe(level);
  });
});

describe('textStyle', () => {
  it('level 0 returns text unchanged', () => {
    const s = textStyle(0);
    expect(s.label('AccessKeyID:')).toBe('AccessKeyID:');
    expect(s.dim('(in 1h 0m)')).toBe('(in 1h 0m)');
  });

  it.each([1, 2, 3] as const)('level %i wraps labels and dim text in ANSI escapes around the same text', (level) => {
    const s = textStyle(level);
    const label = s.label('AccessKeyID:');
    const dim = s.dim('(in 1h 0m)');
    expect(label).not.toBe('AccessKeyID:');
    expect(label.replace(/\u001b\[[0-9;]*m/g, '')).toBe('AccessKeyID:');
    expect(label).toContain('\u001b[1m'); // bold
    expect(dim.replace(/\u001b\[[0-9;]*m/g, '')).toBe('(in 1h 0m)');
    expect(dim).toContain('\u001b[2m'); // dim
  });
});
