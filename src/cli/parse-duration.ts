import { quoteText } from '../text/quote-text.js';
const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };

/**
 * Parses a duration given on the command line into whole seconds: plain seconds (`3600`) or a
 * Go-style duration (`1h30m`, `15m`, `90s`, `1.5h`), with `d` (days) and `w` (weeks) added. Pure.
 * @returns the number of seconds, or an error text naming what was wrong
 */
export function parseDuration(text: string): { seconds: number } | { error: string } {
  const input = text.trim();
  if (/^\d+$/.test(input)) return { seconds: Number(input) };
  const part = /(\d+(?:\.\d+)?|\.\d+)(ms|[smhdw])/y;
  let total = 0;
  let index = 0;
  if (input === '') return { error: 'an empty duration' };
  while (index < input.length) {
    part.lastIndex = index;
    const m = part.exec(input);
    if (!m) return { error: `${quoteText(text)} is not a duration (use seconds, or units such as 1h30m, 15m, 7d)` };
    const unit = m[2]!;
    total += unit === 'ms' ? Number(m[1]) / 1000 : Number(m[1]) * UNIT_SECONDS[unit]!;
    index = part.lastIndex;
  }
  const rounded = Math.round(total * 1000) / 1000;
  if (!Number.isInteger(rounded)) return { error: `${quoteText(text)} is not a whole number of seconds` };
  return { seconds: rounded };
}
