/** Credentials as a `credential_process` command prints them (the AWS contract, Version 1). */
export interface ProcessCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  /** Absent for long-term keys. */
  sessionToken?: string | undefined;
  /** Absent for credentials that do not expire (which are never cached). */
  expiration?: Date | undefined;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The credentials of a `credential_process` command's standard output, or why it is not that JSON:
 * an object with `Version` 1, non-empty string `AccessKeyId` and `SecretAccessKey`, and, when present,
 * a string `SessionToken` and an RFC 3339 `Expiration`. The reason never quotes the output. Pure.
 */
export function parseProcessOutput(text: string): { ok: true; credentials: ProcessCredentials } | { ok: false; why: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { ok: false, why: 'its output is not JSON' };
  }
  if (!isObject(parsed)) return { ok: false, why: 'its output is not a JSON object' };
  if (parsed.Version !== 1) return { ok: false, why: 'its output does not have "Version": 1' };
  const { AccessKeyId, SecretAccessKey, SessionToken, Expiration } = parsed;
  if (typeof AccessKeyId !== 'string' || AccessKeyId === '') return { ok: false, why: 'its output has no AccessKeyId' };
  if (typeof SecretAccessKey !== 'string' || SecretAccessKey === '') return { ok: false, why: 'its output has no SecretAccessKey' };
  if (SessionToken !== undefined && typeof SessionToken !== 'string') return { ok: false, why: 'its SessionToken is not a string' };
  let expiration: Date | undefined;
  if (Expiration !== undefined) {
    expiration = typeof Expiration === 'string' && /^\d{4}-\d\d-\d\dT/.test(Expiration) ? new Date(Expiration) : new Date(NaN);
    if (Number.isNaN(expiration.getTime())) return { ok: false, why: 'its Expiration is not an RFC 3339 time' };
  }
  return { ok: true, credentials: { accessKeyId: AccessKeyId, secretAccessKey: SecretAccessKey, sessionToken: SessionToken || undefined, expiration } };
}

/** The `credential_process` JSON of `credentials`, with only the fields that are set. Pure. */
export function renderProcessOutput(credentials: ProcessCredentials): string {
  return `${JSON.stringify({
    Version: 1,
    AccessKeyId: credentials.accessKeyId,
    SecretAccessKey: credentials.secretAccessKey,
    ...(credentials.sessionToken === undefined ? {} : { SessionToken: credentials.sessionToken }),
    ...(credentials.expiration === undefined ? {} : { Expiration: credentials.expiration.toISOString().replace(/\.\d{3}Z$/, 'Z') }),
  })}\n`;
}
