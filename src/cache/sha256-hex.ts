/**
 * SHA-256 and HMAC-SHA256 of a short text, for the credential cache's file names, token fingerprints
 * and the keyed hash that binds an entry to the secret it was made with: the only importer of
 * `@noble/hashes`. Not node:crypto, whose load costs a `credential_process` cache hit a few
 * milliseconds on every Node line (src/cli/startup/README.md); the audited pure-JavaScript SHA-256
 * loads with the CLI bundle at no measurable cost.
 */
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

/** The SHA-256 of `text`'s UTF-8 bytes as 64 lowercase hex digits, as node:crypto's `createHash('sha256')` gives it. Pure. */
export function sha256Hex(text: string): string {
  return bytesToHex(sha256(utf8ToBytes(text)));
}

/**
 * HMAC-SHA256 (RFC 2104) of `text`'s UTF-8 bytes under `key`, as 64 lowercase hex digits, as node:crypto's
 * `createHmac('sha256', key)` gives it. Pure.
 */
export function hmacSha256Hex(key: Uint8Array, text: string): string {
  return bytesToHex(hmac(sha256, key, utf8ToBytes(text)));
}
