import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDuration } from '../../src/cli/parse-duration.js';

describe('parseDuration', () => {
  it.each([
    ['3600', 3600],
    ['900', 900],
    ['0', 0],
    ['  3600\n', 3600],
    ['31536000', 31_536_000],
    ['90s', 90],
    ['15m', 900],
    ['1h', 3600],
    ['1h30m', 5400],
    ['1h30m0s', 5400],
    ['1h0m0s', 3600],
    ['2h45m30s', 9930],
    ['1.5h', 5400],
    ['.5m', 30],
    ['0.25h', 900],
    ['1.1h', 3960],
    ['0.1h', 360],
    ['1d', 86_400],
    ['7d', 604_800],
    ['1w', 604_800],
    ['365d', 31_536_000],
    ['52w1d', 31_536_000],
    ['1d12h', 129_600],
    ['1m1m', 120],
    ['2000ms', 2],
    ['1s500ms500ms', 2],
    ['00015m', 900],
  ])('%j → %i seconds', (text, seconds) => {
    expect(parseDuration(text)).toEqual({ seconds });
  });

  it.each([
    ['', /an empty duration/],
    ['   ', /an empty duration/],
    ['1h 30m', /"1h 30m" is not a duration/],
    ['1H', /is not a duration/],
    ['1h30', /is not a duration/],
    ['-1h', /is not a duration/],
    ['+3600', /is not a duration/],
    ['1x', /is not a duration/],
    ['h', /is not a duration/],
    ['1.5', /is not a duration/],
    ['1e3', /is not a duration/],
    ['1,5h', /is not a duration/],
    ['1..5h', /is not a duration/],
    ['1hour', /is not a duration/],
    ['\u0661\u0662s', /is not a duration/], // Arabic-Indic digits are not ASCII digits
    ['１２', /is not a duration/], // full-width digits
    ['0x10', /is not a duration/],
    ['500ms', /"500ms" is not a whole number of seconds/],
    ['1500ms', /is not a whole number of seconds/],
    ['0.1s', /is not a whole number of seconds/],
    ['0.0001h', /is not a whole number of seconds/],
  ])('%j is refused', (text, message) => {
    const parsed = parseDuration(text);
    expect(parsed).toHaveProperty('error');
    expect((parsed as { error: string }).error).toMatch(message);
  });

  it('the error quotes the input as typed (quoted by quoteText, so control characters cannot reach the terminal raw)', () => {
    expect(parseDuration('1h\u001b[2J')).toEqual({ error: '"1h\\x1b[2J" is not a duration (use seconds, or units such as 1h30m, 15m, 7d)' });
  });

  it('property: h/m/s compositions equal the arithmetic sum', () => {
    fc.assert(
      fc.property(fc.nat(1000), fc.nat(59), fc.nat(59), (h, m, s) => {
        expect(parseDuration(`${h}h${m}m${s}s`)).toEqual({ seconds: h * 3600 + m * 60 + s });
      }),
      { numRuns: 1000 },
    );
  });

  it('property: any non-negative integer is read as seconds', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (n) => {
        expect(parseDuration(String(n))).toEqual({ seconds: n });
      }),
      { numRuns: 500 },
    );
  });

  it('property: never throws, always returns exactly one of seconds or error', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), (text) => {
        const parsed = parseDuration(text);
        expect(Object.keys(parsed).length).toBe(1);
        if ('seconds' in parsed) expect(Number.isInteger(parsed.seconds) && parsed.seconds >= 0).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});
