/**
 * `sts-creds doctor` against the real MinIO. (Against a fake server, broken in each way it can be:
 * test/reliability/doctor.test.ts.)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { useMinio } from '../helpers/minio-context.js';
import { useTempDirs } from '../helpers/temp-dirs.js';

const makeTempDir = useTempDirs('doctor-minio');

describe('doctor against the real MinIO', () => {
  const minio = useMinio();
  it('passes every check (exit 0)', async () => {
    const run = await runCli(['doctor', '--endpoint', minio().endpoint]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    for (const id of ['endpoint', 'proxy', 'connect', 'STS', 'clock', 'MinIO']) expect(run.stdout).toMatch(new RegExp(`\\[ ok \\] ${id}`));
    expect(run.stdout).toMatch(/\[ ok \] STS {6}STS answers \(an unsigned AssumeRole is refused as expected: HTTP 400 InvalidParameterValue: Unsupported action AssumeRole\)/);
  });

  it('takes the endpoint from AWS_ENDPOINT_URL_STS, and --debug logs the probes', async () => {
    const run = await runCli(['doctor', '--debug'], { env: { AWS_ENDPOINT_URL_STS: minio().endpoint } });
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/sts-creds: debug: > POST http:\/\/127\.0\.0\.1:\d+\/ \(doctor, attempt 1\)/);
    expect(run.stderr).toMatch(/sts-creds: debug: < HTTP 400 after \d+ ms/);
  });

  it('checks the endpoint an mc alias and an AWS profile name, as the credential commands read them', async () => {
    const home = makeTempDir();
    mkdirSync(join(home, '.aws'), { mode: 0o700 });
    mkdirSync(join(home, '.mc'), { mode: 0o700 });
    writeFileSync(join(home, '.aws', 'config'), `[profile local]\nendpoint_url = ${minio().endpoint}\n`, { mode: 0o600 });
    const mc = { version: '10', aliases: { local: { url: minio().endpoint, accessKey: minio().user, secretKey: minio().password, api: 's3v4', path: 'auto' } } };
    writeFileSync(join(home, '.mc', 'config.json'), JSON.stringify(mc), { mode: 0o600 });
    for (const args of [['--profile', 'local'], ['--alias', 'local']]) {
      const run = await runCli(['doctor', ...args], { home });
      expect(run.stderr, args.join(' ')).toBe('');
      expect(run.code, args.join(' ')).toBe(0);
      expect(run.stdout).toContain(`sts-creds doctor: ${minio().endpoint}\n`);
      expect(run.stdout).toMatch(/\[ ok \] MinIO/);
    }
  });
});
