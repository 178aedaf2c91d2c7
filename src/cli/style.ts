import { Chalk } from 'chalk';
import type { TextStyle } from '../format/render-text.js';

/**
 * Colour level for stdout: off unless it is a terminal; `NO_COLOR` (non-empty) turns it off,
 * `FORCE_COLOR` turns it on (`0`/`false` off, `1`-`3` the level). Pure.
 */
export function colourLevel(env: Record<string, string | undefined>, isTTY: boolean | undefined): 0 | 1 | 2 | 3 {
  if (env.NO_COLOR) return 0;
  const force = env.FORCE_COLOR;
  if (force !== undefined) {
    if (force === '0' || force === 'false') return 0;
    const n = Number(force);
    return n === 2 || n === 3 ? n : 1;
  }
  return isTTY && env.TERM !== 'dumb' ? 1 : 0;
}

/** Label styles for text output at a colour level. */
export function textStyle(level: 0 | 1 | 2 | 3): TextStyle {
  if (level === 0) return { label: (t) => t, dim: (t) => t };
  const chalk = new Chalk({ level });
  return { label: (t) => chalk.bold.cyan(t), dim: (t) => chalk.dim(t) };
}
