/**
 * SHA-256 of a short text, for the credential cache's file names and token fingerprints: the only
 * importer of `@noble/hashes`. Not node:crypto, whose load costs a `credential_process` cache hit
 * a few milliseconds on every Node line (src/cli/startup/README.md); the audited pure-JavaScript
 * SHA-256 loads with the CLI bundle at no measurable cost.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

/** The SHA-256 of `text`'s UTF-8 bytes as 64 lowercase hex digits, as node:crypto's `createHash('sha256')` gives it. Pure. */
export function sha256Hex(text: string): string {
  return bytesToHex(sha256(utf8ToBytes(text)));
}
