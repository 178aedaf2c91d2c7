/**
 * The top-level help (`sts-creds --help`, `-h`) on the hot path. Its text is a pure function of the
 * program and the help width, so scripts/build-cli.mjs renders it with commander itself, from the same
 * buildProgram main.js runs, at the default width, and builds it into dist/cli/hot.js: no second
 * implementation of commander's layout. Any other width (`$COLUMNS`) or any other line is main.js's.
 */
import { helpWidth, PRERENDERED_HELP_WIDTH } from '../help-width.js';

/** The help text commander rendered at {@link PRERENDERED_HELP_WIDTH}, written in by scripts/build-cli.mjs. */
declare const STS_CREDS_TOP_LEVEL_HELP: string | undefined;

/** Whether `args` ask for the program's own help and nothing else. Pure. */
export function isTopLevelHelp(args: readonly string[]): boolean {
  return args.length === 1 && (args[0] === '--help' || args[0] === '-h');
}

/** The top-level help for `args` and `env`, as main.js would print it; undefined when main.js must render it. */
export function prerenderedHelp(args: readonly string[], env: Readonly<Record<string, string | undefined>>): string | undefined {
  if (!isTopLevelHelp(args) || helpWidth(env) !== PRERENDERED_HELP_WIDTH) return undefined;
  // Undefined outside the build (the project's own tests import the sources).
  return typeof STS_CREDS_TOP_LEVEL_HELP === 'string' ? STS_CREDS_TOP_LEVEL_HELP : undefined;
}
