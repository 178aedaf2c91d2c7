import type { StsResult } from '../sts/registry.js';

/**
 * What `sts-creds cache list` shows of an entry besides its method and expiry: where the credentials
 * are for and whose they are. Never a secret: a user name or access key, a role ARN, a command's name.
 */
export interface EntryLabel {
  endpoint?: string | undefined;
  region?: string | undefined;
  /** The user name or access key the credentials were asked for, when the call named one. */
  user?: string | undefined;
  /** The role ARN asked for, if any. */
  role?: string | undefined;
  /** `cache run` entries: the command's name (its first word, never its arguments). */
  command?: string | undefined;
}

/** A cache entry as read back: the credentials and when (local clock, ms since the epoch) they were obtained. */
export interface CacheEntry {
  result: StsResult;
  obtainedAt: number;
  /** Absent in entries written before labels existed. */
  label?: EntryLabel | undefined;
  /** The keyed hash of the secret the call was made with, when the run had one at hand (see secret-check.ts). */
  secretCheck?: string | undefined;
}

/** The JSON text of an entry. Pure. */
export function encodeEntry(result: StsResult, obtainedAt: number, extra: { label?: EntryLabel | undefined; secretCheck?: string | undefined } = {}): string {
  return JSON.stringify({
    version: 1,
    obtainedAt: new Date(obtainedAt).toISOString(),
    label: extra.label,
    ...(extra.secretCheck === undefined ? {} : { secretCheck: extra.secretCheck }),
    result: { ...result, expiration: result.expiration.toISOString(), serverDate: result.serverDate?.toISOString() },
  });
}

/** The label of a decoded entry: only its string fields, each at most 300 characters. Pure. */
function decodeLabel(value: unknown): EntryLabel | undefined {
  if (!isObject(value)) return undefined;
  const field = (name: keyof EntryLabel): string | undefined => {
    const v = value[name];
    return typeof v === 'string' && v.length <= 300 ? v : undefined;
  };
  return { endpoint: field('endpoint'), region: field('region'), user: field('user'), role: field('role'), command: field('command') };
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The value of a JSON text, or `undefined` when it is not JSON (a file on disk may hold anything). Pure. */
export function parseJsonOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * An entry from the text of a cache file, or `undefined` when the text is not a well-formed version-1
 * entry (a file from another version, a truncated write, anything planted). Pure.
 */
export function decodeEntry(text: string): CacheEntry | undefined {
  const parsed = parseJsonOrUndefined(text);
  if (!isObject(parsed) || parsed.version !== 1 || typeof parsed.obtainedAt !== 'string' || !isObject(parsed.result)) return undefined;
  const result = parsed.result;
  const obtainedAt = Date.parse(parsed.obtainedAt);
  const expiration = new Date(typeof result.expiration === 'string' ? result.expiration : NaN);
  const serverDate = typeof result.serverDate === 'string' ? new Date(result.serverDate) : undefined;
  if (Number.isNaN(obtainedAt) || Number.isNaN(expiration.getTime()) || (serverDate && Number.isNaN(serverDate.getTime()))) return undefined;
  for (const field of ['accessKeyId', 'secretAccessKey', 'sessionToken', 'action'] as const) {
    if (typeof result[field] !== 'string' || result[field] === '') return undefined;
  }
  const secretCheck = typeof parsed.secretCheck === 'string' ? parsed.secretCheck : undefined;
  return { result: { ...result, expiration, serverDate } as StsResult, obtainedAt, label: decodeLabel(parsed.label), secretCheck };
}

/**
 * Whether a cached credential still has enough life to hand out: more than 16 minutes left (the AWS
 * CLI refreshes anything closer than 15 minutes to expiry), or, for short-lived credentials, more
 * than half of their lifetime. Pure; all times in ms since the epoch.
 */
export function isFreshEnough(obtainedAt: number, expiration: number, now: number): boolean {
  const lifetime = expiration - obtainedAt;
  const needed = Math.min(16 * 60_000, lifetime / 2);
  return expiration - now > needed;
}
