/**
 * `sts-creds doctor` against the real MinIO. (Against a fake server, broken in each way it can be:
 * test/reliability/doctor.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { useMinio } from '../helpers/minio-context.js';

describe('doctor against the real MinIO', () => {
  const minio = useMinio();
  it('passes every check (exit 0)', async () => {
    const run = await runCli(['doctor', '--endpoint', minio().endpoint]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    for (const id of ['endpoint', 'proxy', 'connect', 'STS', 'clock', 'MinIO']) expect(run.stdout).toMatch(new RegExp(`\\[ ok \\] ${id}`));
    expect(run.stdout).toMatch(/\[ ok \] STS      STS answers \(an unsigned AssumeRole is refused as expected: HTTP 400 InvalidParameterValue: Unsupported action AssumeRole\)/);
  });

  it('takes the endpoint from AWS_ENDPOINT_URL_STS, and --debug logs the probes', async () => {
    const run = await runCli(['doctor', '--debug'], { env: { AWS_ENDPOINT_URL_STS: minio().endpoint } });
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/sts-creds: debug: > POST http:\/\/127\.0\.0\.1:\d+\/ \(doctor, attempt 1\)/);
    expect(run.stderr).toMatch(/sts-creds: debug: < HTTP 400 after \d+ ms/);
  });
});
