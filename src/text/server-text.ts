/**
 * Text a server sent, made safe to put in an error message or on a terminal. Everything a server sends is
 * hostile: it may echo back a secret the call sent (plainly, URL-encoded, form-encoded or XML-escaped), and it
 * may carry terminal control sequences (ESC, CSI, OSC 52 clipboard writes, BEL).
 */

/** Longest piece of server text kept in a message, in characters (after redaction). */
export const SERVER_TEXT_LIMIT = 500;

/** Secrets shorter than this are not searched for: they would blank out ordinary words. */
const MIN_SECRET_LENGTH = 4;

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** The forms in which a secret may come back: as sent, URL-encoded, form-encoded and XML-escaped. Pure. */
export function secretForms(secret: string): string[] {
  if (secret.length < MIN_SECRET_LENGTH) return [];
  const forms = new Set<string>([
    secret,
    encodeURIComponent(secret),
    new URLSearchParams({ s: secret }).toString().slice(2),
    secret.replace(/[&<>"']/g, (c) => XML_ESCAPES[c]!),
  ]);
  return [...forms].sort((a, b) => b.length - a.length);
}

/** Replaces every form of every secret with `***`. Pure. */
export function redactSecrets(text: string, secrets: Iterable<string>): string {
  let out = text;
  const forms = [...secrets].flatMap(secretForms).sort((a, b) => b.length - a.length);
  for (const form of forms) if (out.includes(form)) out = out.split(form).join('***');
  return out;
}

// C0 and C1 controls, DEL, and the Unicode line and paragraph separators (which some terminals treat as breaks).
// eslint-disable-next-line no-control-regex -- finding control characters is this pattern's job
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

/** True when `text` holds a character {@link escapeControl} would escape. Pure. */
export function hasControl(text: string): boolean {
  CONTROL.lastIndex = 0;
  return CONTROL.test(text);
}

/** Shows control characters visibly (`\x1b`, `\n`, `\u2028`) so none reaches a terminal raw. Pure. */
export function escapeControl(text: string): string {
  return text.replace(CONTROL, (c) => {
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    if (c === '\t') return '\\t';
    const code = c.charCodeAt(0);
    return code > 0xff ? `\\u${code.toString(16).padStart(4, '0')}` : `\\x${code.toString(16).padStart(2, '0')}`;
  });
}

/**
 * Server text for a message: secrets removed first (so cutting cannot leave half a secret and cleaning cannot
 * change one out of recognition), then control characters escaped, then cut to {@link SERVER_TEXT_LIMIT}. Pure.
 */
export function serverText(raw: string, secrets: Iterable<string> = []): string {
  const visible = escapeControl(redactSecrets(raw, secrets).trim());
  return visible.length > SERVER_TEXT_LIMIT ? `${visible.slice(0, SERVER_TEXT_LIMIT)}…` : visible;
}
