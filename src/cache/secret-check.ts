/**
 * The check that lets a cache entry answer only a run given the same secret as the run that made it:
 * an HMAC-SHA256 of the secret, keyed with 256 random bits kept in a 0600 file of the cache directory
 * (never beside the hash in the entry), so an entry alone, copied or backed up, gives no way to test
 * guesses of the password. The secret itself is never written.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { link, unlink } from '../fs/promised-fs.js';
import { createPrivateFile, errorCode, readPrivateFile } from './private-files.js';
import { hmacSha256Hex } from './sha256-hex.js';

/** The key file's name in the cache directory (a dot file: not an entry). */
export const SECRET_CHECK_KEY_FILE = '.secret-check.key';

/** The HMAC of `secret` under `key` (hex), as stored in an entry. Pure. */
export function secretCheck(key: Buffer, secret: string): string {
  // In JavaScript (src/cache/sha256-hex.ts): loading node:crypto would cost a cache hit several ms.
  return hmacSha256Hex(key, `sts-creds cache secret check v1\0${secret}`);
}

/** True when `stored` is {@link secretCheck} of `secret`; every character is compared, wherever they differ. Pure. */
export function secretMatches(key: Buffer, secret: string, stored: string | undefined): boolean {
  const expected = secretCheck(key, secret);
  if (stored === undefined || stored.length !== expected.length) return false;
  let diff = 0;
  for (let i = 0; i < expected.length; i++) diff |= expected.charCodeAt(i) ^ stored.charCodeAt(i);
  return diff === 0;
}

/**
 * The cache's check key: read from `dir` (a private directory already judged ours), created there when
 * missing. `undefined` when it can be neither read nor created: the caller then neither trusts nor
 * writes secret-bound entries.
 */
export async function loadSecretCheckKey(dir: string, uid: number): Promise<Buffer | undefined> {
  const path = join(dir, SECRET_CHECK_KEY_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    const read = await readPrivateFile(path, uid, 1024);
    if (read.ok) return /^[0-9a-f]{64}$/.test(read.text) ? Buffer.from(read.text, 'hex') : undefined;
    if (!read.missing) return undefined;
    // Written whole under a temporary name, then linked into place: a run that reads it never sees half
    // a key, and of two runs creating it at once the second reads the first one's.
    const key = randomBytes(32);
    const tmp = `${path}.${key.subarray(0, 6).toString('hex')}.tmp`;
    try {
      await createPrivateFile(tmp, key.toString('hex'));
      await link(tmp, path);
      return key;
    } catch (error) {
      if (errorCode(error) !== 'EEXIST') return undefined;
    } finally {
      await unlink(tmp).catch(() => undefined);
    }
  }
  return undefined;
}
