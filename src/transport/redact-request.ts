/**
 * Redaction of what a request or answer carries, for events and logs. Allowlists rather than
 * blocklists: a query parameter or header added by a future action is hidden until someone
 * decides it is safe to show.
 */
import { escapeControl, redactSecrets } from '../text/server-text.js';

/** Query parameters whose values are never secret. */
const SAFE_QUERY = new Set(
  ['Action', 'Version', 'DurationSeconds', 'RoleArn', 'RoleSessionName', 'TokenRevokeType', 'list-type', 'max-keys', 'prefix', 'delimiter', 'encoding-type'].map(
    (name) => name.toLowerCase(),
  ),
);

/** Headers shown verbatim. `authorization` is shown with its signature removed; every other header is hidden. */
const SAFE_HEADERS = new Set([
  'accept',
  'accept-encoding',
  'accept-ranges',
  'connection',
  'content-length',
  'content-type',
  'date',
  'host',
  'keep-alive',
  'location',
  'retry-after',
  'server',
  'strict-transport-security',
  'transfer-encoding',
  'user-agent',
  'vary',
  'x-amz-content-sha256',
  'x-amz-date',
  'x-amz-id-2',
  'x-amz-request-id',
  'x-amzn-requestid',
  'x-content-type-options',
  'x-minio-server-status',
  'x-xss-protection',
]);

const HIDDEN = '***';

/** The URL with user info removed and every query value outside the allowlist replaced by `***`. */
export function redactUrl(url: URL | string): string {
  let parsed: URL;
  try {
    parsed = new URL(String(url));
  } catch {
    // A relative reference (a `Location: /path?x=y`): keep the path, hide the query.
    return String(url).replace(/[?#][\s\S]*$/, (rest) => (rest.startsWith('?') ? `?${HIDDEN}` : ''));
  }
  parsed.username = '';
  parsed.password = '';
  parsed.hash = '';
  if (!parsed.search) return parsed.href;
  const parts: string[] = [];
  for (const [key, value] of parsed.searchParams) {
    parts.push(`${encodeURIComponent(key)}=${SAFE_QUERY.has(key.toLowerCase()) ? encodeURIComponent(value) : HIDDEN}`);
  }
  parsed.search = '';
  return `${parsed.href}?${parts.join('&')}`;
}

/** A SigV4 `Authorization` header with the signature replaced: the scope and signed headers stay readable. */
export function redactAuthorization(value: string): string {
  if (/^AWS4-HMAC-SHA256\s/i.test(value)) return value.replace(/(Signature=)[^,\s]*/gi, `$1${HIDDEN}`);
  const scheme = /^(\S+)\s/.exec(value)?.[1];
  return scheme ? `${scheme} ${HIDDEN}` : HIDDEN;
}

/**
 * Headers with lower-case names, secrets replaced by `***`; array values joined with `, `. The values
 * shown are server text: every form of `secrets` is removed from them, then control characters escaped.
 */
export function redactHeaders(headers: Readonly<Record<string, string | string[] | number | undefined>>, secrets: readonly string[] = []): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [rawName, rawValue] of Object.entries(headers)) {
    if (rawValue === undefined) continue;
    const name = rawName.toLowerCase();
    const value = Array.isArray(rawValue) ? rawValue.join(', ') : String(rawValue);
    if (name === 'authorization') out[name] = redactAuthorization(value);
    else if (name === 'location') out[name] = redactUrl(value);
    else out[name] = SAFE_HEADERS.has(name) ? escapeControl(redactSecrets(value, secrets)) : HIDDEN;
  }
  return out;
}
