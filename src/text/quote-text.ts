import { escapeControl } from './server-text.js';

/**
 * Text from configuration, the environment, argv or a server, quoted for a message, a prompt or a list:
 * in double quotes, with `\` and `"` escaped and every control character (C0, DEL, C1, U+2028/2029) shown
 * as an escape, so nothing in it can move the cursor, redraw a line or pass for the message's own words.
 * Unlike `JSON.stringify`, it escapes DEL and the C1 controls (U+009B is a CSI on many terminals). Pure.
 *
 * @example
 * ```ts
 * quoteText('prod\u001b[2K'); // '"prod\\x1b[2K"'
 * ```
 */
export function quoteText(text: string): string {
  return `"${escapeControl(text.replace(/[\\"]/g, (c) => `\\${c}`))}"`;
}
