/**
 * `fromTokenFile`: a provider's token read again from its file for every STS call (projected
 * service-account tokens rotate), and a file that cannot be read failing that refresh, not the provider.
 */
import { readFileSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fromTokenFile, fromWebIdentity, StsValidationError } from '../../src/index.js';
import { useFakeSts } from '../helpers/fake-sts.js';
import { useTempDirs } from '../helpers/temp-dirs.js';

const fake = useFakeSts();
const makeTempDir = useTempDirs('token-file');

const fixture = (name: string): string => readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');
const fresh = (): string =>
  fixture('minio-web-identity.xml').replace(/<Expiration>[^<]*<\/Expiration>/, `<Expiration>${new Date(Date.now() + 3_600_000).toISOString()}</Expiration>`);

describe('fromTokenFile', () => {
  it('reads the file again for each refresh, and fails a refresh when the file is gone or empty, naming only the path', async () => {
    const path = join(makeTempDir(), 'token');
    await writeFile(path, 'token-one\n');
    fake.reply(200, fresh());
    const provider = fromWebIdentity({ endpoint: fake.url, webIdentityToken: fromTokenFile(path), maxAttempts: 1 });
    try {
      await provider();
      await writeFile(path, 'token-two');
      await provider.forceRefresh();
      expect(fake.requests.map((r) => new URLSearchParams(r.body).get('WebIdentityToken'))).toEqual(['token-one', 'token-two']);
      await rm(path);
      const gone = await provider.forceRefresh().then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(gone).toBeInstanceOf(StsValidationError);
      expect((gone as Error).message).toBe(`cannot read the token file ${JSON.stringify(path)}: ENOENT`);
      await writeFile(path, '  \n');
      await expect(provider.forceRefresh()).rejects.toThrow(/is empty/);
      expect(fake.requests).toHaveLength(2);
    } finally {
      await provider.close();
    }
  });

  it('refuses an empty path at once', () => {
    expect(() => fromTokenFile('')).toThrow(StsValidationError);
  });
});
