import type { EntryLabel } from './cache-entry.js';
import { sha256Hex } from './sha256-hex.js';

/** What identifies a cached credential: everything that shapes the STS call, but never a long-term secret. */
export interface CacheKeyParts {
  endpoint: string;
  region: string;
  action: string;
  /** The access key for AssumeRole; a SHA-256 of the token for token-based actions. */
  principal: string;
  /** Every other parameter sent (duration, policy, role ARN, ...). */
  params: Record<string, string | number | undefined>;
  /** What `cache list` shows of the entry (stored in it, never part of the key's hash). */
  label?: EntryLabel | undefined;
}

/** SHA-256 hex of a token, so the cache key tells tokens apart without storing one. */
export function hashSecret(secret: string): string {
  return sha256Hex(secret);
}

/**
 * The base name (without extension) of a key's files in the cache directory: a SHA-256 hex of the key,
 * so no user-chosen text ever becomes part of a path. Pure.
 */
export function cacheBaseName(key: CacheKeyParts): string {
  const params = Object.keys(key.params)
    .sort()
    .map((k) => [k, key.params[k] ?? null]);
  return sha256Hex(JSON.stringify([1, key.endpoint, key.region, key.action, key.principal, params]));
}

/** The entry file of a key: `<hash>.json`. Pure. */
export function cacheFileName(key: CacheKeyParts): string {
  return `${cacheBaseName(key)}.json`;
}

/** The lock file runs filling the same entry share: `<hash>.lock`. Pure. */
export function lockFileName(key: CacheKeyParts): string {
  return `${cacheBaseName(key)}.lock`;
}
