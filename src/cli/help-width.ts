/** The help width: `$COLUMNS` when it is a sensible number, else 80 (commander's own default for a pipe). Pure. */
export function helpWidth(env: Readonly<Record<string, string | undefined>> | undefined): number {
  const columns = Number(env?.COLUMNS);
  return Number.isInteger(columns) && columns >= 40 && columns <= 500 ? columns : 80;
}

/** The width the build renders the top-level help at, for the hot path to print (scripts/build-cli.mjs). */
export const PRERENDERED_HELP_WIDTH = 80;
