/**
 * The check that lets a cache entry answer only a run given the same secret as the run that made it:
 * an HMAC-SHA256 of the secret, keyed with 256 random bits kept in a 0600 file of the cache directory
 * (never beside the hash in the entry), so an entry alone, copied or backed up, gives no way to test
 * guesses of the password. The secret itself is never written.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { join } from 'node:path';
import { createPrivateFile, readPrivateFile } from './private-files.js';

/** The key file's name in the cache directory (a dot file: not an entry). */
export const SECRET_CHECK_KEY_FILE = '.secret-check.key';

/** The HMAC of `secret` under `key` (hex), as stored in an entry. Pure. */
export function secretCheck(key: Buffer, secret: string): string {
  return createHmac('sha256', key).update('sts-creds cache secret check v1\0').update(secret, 'utf8').digest('hex');
}

/** True when `stored` is {@link secretCheck} of `secret`, compared in constant time. Pure. */
export function secretMatches(key: Buffer, secret: string, stored: string | undefined): boolean {
  if (stored === undefined) return false;
  const expected = Buffer.from(secretCheck(key, secret), 'utf8');
  const given = Buffer.from(stored, 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected);
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
    try {
      const key = randomBytes(32);
      if (await createPrivateFile(path, key.toString('hex'))) return key;
      // Another run created it first: read theirs.
    } catch {
      return undefined;
    }
  }
  return undefined;
}
