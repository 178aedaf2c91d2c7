/**
 * The CLI's session-policy size check against the real MinIO (issue 22, item 6): MinIO counts the policy
 * as it re-writes it, and the CLI's count agrees with the server's at the boundary, both ways.
 */
import { describe, expect, it } from 'vitest';
import { StsClient } from '../../src/client/sts-client.js';
import { MINIO_SESSION_POLICY_LIMIT, minioSessionPolicySize } from '../../src/sts/minio-policy-size.js';
import { expectCleanFailure, runCli } from '../helpers/cli.js';
import { useMinio } from '../helpers/minio-context.js';

/** A pretty-printed policy with a string Action and a Principal (both re-written by MinIO), padded to `n`. */
const padded = (n: number): string =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'pad', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::b&c/${'x'.repeat(n)}` }] }, null, 4);

function sizedAt(target: number): string {
  let n = 1;
  while ((minioSessionPolicySize(padded(n)) ?? 0) < target) n += 1;
  return padded(n);
}

describe('session policy size against a real MinIO', () => {
  const minio = useMinio();

  it('MinIO accepts what the CLI counts as 2048 bytes (more than 2048 sent) and refuses 2049; the CLI refuses 2049 before sending', { timeout: 60_000 }, async () => {
    const { endpoint, user, password } = minio();
    const atLimit = sizedAt(MINIO_SESSION_POLICY_LIMIT);
    const over = sizedAt(MINIO_SESSION_POLICY_LIMIT + 1);
    expect(minioSessionPolicySize(over)).toBe(MINIO_SESSION_POLICY_LIMIT + 1);
    expect(Buffer.byteLength(atLimit)).toBeGreaterThan(MINIO_SESSION_POLICY_LIMIT);

    const ok = await runCli(['assume-role', '-u', user, '--password-env', 'PW', '--endpoint', endpoint, '--policy', atLimit, '-o', 'json'], { env: { PW: password } });
    expect(ok.code, ok.stderr).toBe(0);
    expectCleanFailure(
      await runCli(['assume-role', '-u', user, '--password-env', 'PW', '--endpoint', endpoint, '--policy', over], { env: { PW: password } }),
      /--policy is too large for MinIO: 2049 bytes/,
      2,
    );
    // Sent anyway (through the library, which does not check), MinIO refuses it: the limit is MinIO's.
    const client = new StsClient({ endpoint });
    try {
      await expect(client.assumeRole({ credentials: { accessKeyId: user, secretAccessKey: password }, policy: over })).rejects.toThrow(/Session policy should not exceed 2048 characters/);
    } finally {
      await client.close();
    }
  });
});
