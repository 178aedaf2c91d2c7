/**
 * How MinIO measures a session policy against its limit (`maxSTSSessionPolicySize`, 2048 bytes): not the
 * text sent, but the policy as MinIO's Go code re-writes it after parsing. Measured against the pinned
 * MinIO (the re-written policy travels in the session token's `sessionPolicy` claim):
 * - fields it does not know (`Principal`, anything else) are dropped; `Id` is written `ID`; an empty `Sid` is left out;
 * - `Action`, `NotAction`, `Resource`, `NotResource` and every condition value become arrays, without duplicates;
 * - no whitespace; `<`, `>`, `&`, U+2028 and U+2029 are escaped as `\u003c` and the like (Go's HTML-safe JSON);
 * - the limit counts UTF-8 bytes.
 * Key order differs too, which does not change the length.
 */

/** MinIO's limit on the re-written session policy, in bytes. */
export const MINIO_SESSION_POLICY_LIMIT = 2048;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A value as a set: an array without duplicates (by JSON text). */
function asSet(value: unknown): unknown[] {
  const values = Array.isArray(value) ? value : [value];
  const seen = new Map<string, unknown>();
  for (const v of values) seen.set(JSON.stringify(v), v);
  return [...seen.values()];
}

function statementShape(statement: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (typeof statement.Sid === 'string' && statement.Sid !== '') out.Sid = statement.Sid;
  if (statement.Effect !== undefined) out.Effect = statement.Effect;
  for (const key of ['Action', 'NotAction', 'Resource', 'NotResource']) {
    if (statement[key] !== undefined) out[key] = asSet(statement[key]);
  }
  if (isObject(statement.Condition)) {
    const condition: Record<string, Record<string, unknown[]>> = {};
    for (const [op, entries] of Object.entries(statement.Condition)) {
      if (!isObject(entries)) continue;
      condition[op] = Object.fromEntries(Object.entries(entries).map(([k, v]) => [k, asSet(v)]));
    }
    out.Condition = condition;
  }
  return out;
}

/**
 * The size MinIO gives a session policy (JSON text that parses), in bytes, as measured above; undefined
 * when the text is not a JSON object (the server's own parser will say what is wrong). Pure.
 */
export function minioSessionPolicySize(policy: string): number | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(policy);
  } catch {
    return undefined;
  }
  if (!isObject(parsed)) return undefined;
  const shaped: Record<string, unknown> = {};
  if (typeof parsed.Id === 'string' && parsed.Id !== '') shaped.ID = parsed.Id;
  shaped.Version = parsed.Version;
  shaped.Statement = Array.isArray(parsed.Statement) ? (parsed.Statement as unknown[]).map((s) => (isObject(s) ? statementShape(s) : s)) : parsed.Statement;
  const text = JSON.stringify(shaped).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return Buffer.byteLength(text, 'utf8');
}
