import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/cache/sha256-hex.js';

const nodeSha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

describe('sha256Hex (the credential cache key, @noble/hashes rather than node:crypto)', () => {
  it.each([
    ['', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ['abc', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
    ['abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq', '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1'],
  ])('FIPS 180-4 example %j', (text, digest) => {
    expect(sha256Hex(text)).toBe(digest);
  });

  it('agrees with node:crypto at every padding boundary (55, 56, 63, 64, 119 ... bytes)', () => {
    for (let n = 0; n <= 300; n++) expect(sha256Hex('x'.repeat(n))).toBe(nodeSha256('x'.repeat(n)));
  });

  it('agrees with node:crypto on any text, multi-byte characters and lone surrogates included', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 600 }), (text) => {
        expect(sha256Hex(text)).toBe(nodeSha256(text));
      }),
      { numRuns: 300 },
    );
  });
});

describe('hmacSha256Hex', () => {
  it.each([
    ['32-byte key', Buffer.alloc(32, 7), 'sts-creds cache secret check v1\0hunter2'],
    ['RFC 4231 case 2 key', Buffer.from('Jefe'), 'what do ya want for nothing?'],
    ['a key longer than a block', Buffer.alloc(131, 0xaa), 'Test Using Larger Than Block-Size Key - Hash Key First'],
    ['empty text, non-ASCII', Buffer.from('k'), 'pässwörd ✓'],
  ])('%s: as node:crypto computes it', async (_what, key, text) => {
    const { createHmac } = await import('node:crypto');
    const { hmacSha256Hex } = await import('../../src/cache/sha256-hex.js');
    expect(hmacSha256Hex(key, text)).toBe(createHmac('sha256', key).update(text, 'utf8').digest('hex'));
  });
});
