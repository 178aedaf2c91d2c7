/**
 * The file-shaped outputs read back by the programs they are written for: dotenv by Node's own
 * loader (`util.parseEnv` and `node --env-file`), `-o ini` by the AWS CLI's config parser,
 * `-o mc` by MinIO's `mc` against the real MinIO, and the `credential_process` JSON contract.
 * Only the tests that talk to MinIO ask for it (`minioContext`), so the rest run even without Go.
 */
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { runMc } from '../../scripts/minio.mjs';
import { credentialVariables } from '../../src/format/credential-vars.js';
import { renderCredentialProcess, renderDotenv, renderIni } from '../../src/format/render-files.js';
import { UnrepresentableValueError } from '../../src/format/shell-posix.js';
import type { TemporaryCredentials } from '../../src/types.js';
import { FakeSts, assumeRoleSuccessBody } from '../helpers/fake-sts.js';
import { minioContext, type MinioEnv } from '../helpers/minio-context.js';
import { runCli, runProgram } from '../helpers/cli.js';
import { useTempDirs } from '../helpers/temp-dirs.js';
import { cleanEnv, findAwsCli, findProgram, requireProgram } from './harness.js';

const makeTempDir = useTempDirs('formats');
const AWS = findAwsCli();
const BASH = findProgram('bash');

const EXPIRATION = new Date('2036-02-12T22:18:48Z');

const creds = (accessKeyId: string, secretAccessKey: string, sessionToken: string): TemporaryCredentials => ({
  accessKeyId,
  secretAccessKey,
  sessionToken,
  expiration: EXPIRATION,
});

/** What a dotenv loader should produce for these credentials. */
const expectedEnv = (c: TemporaryCredentials): Record<string, string> => Object.fromEntries(credentialVariables(c));

/** Characters renderDotenv refuses because loaders disagree about them. */
const DOTENV_REFUSED = ["'", '\\', '\n', '\r'];
const dotenvSafe = fc.string({ unit: 'binary', maxLength: 40 }).filter((s) => !s.includes('\0') && !DOTENV_REFUSED.some((c) => s.includes(c)));
const dotenvPieces = fc.constantFrom('"', '`', '#', '=', '$', '${X}', ' ', '  ', '\t', 'export ', 'a', 'Z', '9', '😀', '\u2019', '\u2028', '\v', '\f', '%');
const dotenvValue = fc.oneof(dotenvSafe, fc.string({ unit: dotenvPieces, maxLength: 12 }));

/** Runs the built CLI against the harness's MinIO as foobar, with a private cache directory. */
async function cliAgainstMinio(env: MinioEnv, args: readonly string[], extraEnv: Record<string, string>) {
  const home = makeTempDir();
  return runCli([...args, '-u', env.user, '--password-env', 'PW', '--endpoint', env.endpoint], {
    home,
    env: { PW: env.password, ...extraEnv },
  });
}

describe('dotenv', () => {
  it('is read back exactly by util.parseEnv, whatever the values (property)', () => {
    fc.assert(
      fc.property(dotenvValue, dotenvValue, dotenvValue, (a, s, t) => {
        const c = creds(a, s, t);
        expect(parseEnv(renderDotenv(c))).toEqual(expectedEnv(c));
      }),
      { numRuns: 3000 },
    );
  });

  it('is read back exactly by `node --env-file` (property, one node process per batch)', async () => {
    const dir = makeTempDir();
    const batches = fc.sample(fc.array(fc.tuple(dotenvValue, dotenvValue, dotenvValue), { minLength: 300, maxLength: 300 }), 4);
    for (const batch of batches) {
      // Each credential set under its own prefix, so one file can carry the whole batch.
      const wanted: Record<string, string> = {};
      let file = '';
      batch.forEach(([a, s, t], i) => {
        const c = creds(a, s, t);
        file += renderDotenv(c).replace(/^AWS_/gm, `B${i}_AWS_`);
        for (const [name, value] of credentialVariables(c)) wanted[`B${i}_${name}`] = value;
      });
      const path = join(dir, 'batch.env');
      await writeFile(path, file);
      const result = await runProgram(process.execPath, [`--env-file=${path}`, '-e', 'process.stdout.write(JSON.stringify(process.env))'], {
        env: cleanEnv(dir),
      });
      expect(result.stderr).toBe('');
      const loaded = JSON.parse(result.stdout) as Record<string, string>;
      const got = Object.fromEntries(Object.keys(wanted).map((k) => [k, loaded[k]]));
      expect(got).toEqual(wanted);
    }
  });

  it.each(DOTENV_REFUSED.map((c) => [JSON.stringify(c), c] as const))('refuses a value containing %s', (_label, char) => {
    for (const field of [0, 1, 2] as const) {
      const values = ['AKIA', 'secret', 'token'];
      values[field] = `before${char}after`;
      expect(() => renderDotenv(creds(values[0]!, values[1]!, values[2]!))).toThrow(UnrepresentableValueError);
    }
  });

  it('refuses NUL too', () => {
    expect(() => renderDotenv(creds('AK\0', 's', 't'))).toThrow(UnrepresentableValueError);
  });

  it('from the CLI against MinIO: `node --env-file` gets the same credentials as `-o json`', async (ctx) => {
    const env = minioContext(ctx);
    const cache = makeTempDir();
    const json = await cliAgainstMinio(env, ['assume-role', '-o', 'json', '--cache'], { STS_CREDS_CACHE_DIR: cache });
    expect(json.code, json.stderr).toBe(0);
    // Served from the cache the first call filled, so both outputs describe the same credentials.
    const dotenv = await cliAgainstMinio(env, ['assume-role', '-o', 'dotenv', '--cache'], { STS_CREDS_CACHE_DIR: cache });
    expect(dotenv.code, dotenv.stderr).toBe(0);
    const dir = makeTempDir();
    await writeFile(join(dir, '.env'), dotenv.stdout);
    const loaded = await runProgram(process.execPath, ['--env-file=.env', '-e', 'process.stdout.write(JSON.stringify(process.env))'], {
      cwd: dir,
      env: cleanEnv(dir),
    });
    const parsed = JSON.parse(json.stdout) as Record<string, string>;
    const got = JSON.parse(loaded.stdout) as Record<string, string>;
    expect({
      AWS_ACCESS_KEY_ID: got.AWS_ACCESS_KEY_ID,
      AWS_SECRET_ACCESS_KEY: got.AWS_SECRET_ACCESS_KEY,
      AWS_SESSION_TOKEN: got.AWS_SESSION_TOKEN,
      AWS_CREDENTIAL_EXPIRATION: got.AWS_CREDENTIAL_EXPIRATION,
    }).toEqual({
      AWS_ACCESS_KEY_ID: parsed.AccessKeyId,
      AWS_SECRET_ACCESS_KEY: parsed.SecretAccessKey,
      AWS_SESSION_TOKEN: parsed.SessionToken,
      AWS_CREDENTIAL_EXPIRATION: parsed.Expiration,
    });
  });

  describe('from the CLI, for a server answer no loader reads the same way', () => {
    const fake = new FakeSts();
    beforeAll(async () => {
      await fake.start();
      return () => fake.close();
    });

    it.each([
      ['a single quote', "Qv7zK'Wm3xJ"],
      ['a backslash', 'Qv7zK\\Wm3xJ'],
    ])('refuses %s: exit 2, nothing on stdout, no secret on stderr', async (_label, secret) => {
      fake.reply(200, assumeRoleSuccessBody({ secretAccessKey: secret }));
      const home = makeTempDir();
      const result = await runCli(['assume-role', '-o', 'dotenv', '-u', 'AKIAUSER', '--password-env', 'PW', '--endpoint', fake.url], {
        home,
        env: { PW: 'fake-password' },
      });
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(/^sts-creds: cannot write dotenv output: .*AWS_SECRET_ACCESS_KEY.*\n$/);
      expect(result.stderr).not.toContain('Qv7zK');
      expect(result.stderr).not.toContain('Wm3xJ');
    });

    it('a line break in a credential is a malformed answer, refused before any format sees it: exit 1', async () => {
      fake.reply(200, assumeRoleSuccessBody({ secretAccessKey: 'Qv7zK\nWm3xJ' }));
      const result = await runCli(['assume-role', '-o', 'dotenv', '-u', 'AKIAUSER', '--password-env', 'PW', '--endpoint', fake.url], {
        home: makeTempDir(),
        env: { PW: 'fake-password' },
      });
      expect(result.code).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(/control character in SecretAccessKey/);
      expect(result.stderr).not.toContain('Qv7zK');
    });
  });
});

describe('credential-process', () => {
  it('renders exactly the Version 1 contract, in that order', () => {
    const c = creds('AKIA"1', 'se\\cret\n', 'tok😀');
    expect(renderCredentialProcess({ ...c, expiration: new Date('2036-02-12T22:18:48.500Z') })).toBe(
      '{"Version":1,"AccessKeyId":"AKIA\\"1","SecretAccessKey":"se\\\\cret\\n","SessionToken":"tok😀","Expiration":"2036-02-12T22:18:48.500Z"}\n',
    );
  });

  it('from the CLI against MinIO: one JSON object with exactly the contract’s fields', async (ctx) => {
    const env = minioContext(ctx);
    const cache = makeTempDir();
    const before = Date.now();
    const result = await cliAgainstMinio(env, ['assume-role', '-o', 'credential-process'], { STS_CREDS_CACHE_DIR: cache });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout.endsWith('}\n')).toBe(true);
    const doc = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(Object.keys(doc)).toEqual(['Version', 'AccessKeyId', 'SecretAccessKey', 'SessionToken', 'Expiration']);
    expect(doc.Version).toBe(1);
    for (const key of ['AccessKeyId', 'SecretAccessKey', 'SessionToken'] as const) {
      expect(typeof doc[key]).toBe('string');
      expect((doc[key] as string).length).toBeGreaterThan(0);
    }
    expect(doc.Expiration).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3})?Z$/);
    const lifetime = Date.parse(doc.Expiration as string) - before;
    expect(lifetime).toBeGreaterThan(3500_000); // MinIO's default: one hour
    expect(lifetime).toBeLessThan(3700_000);
  });
});

describe('ini, read by the AWS CLI', () => {
  /** `aws configure get KEY --profile PROFILE` with the file as the only configuration. */
  async function awsConfigureGet(aws: string, credentialsFile: string, profile: string, key: string): Promise<string> {
    const dir = makeTempDir();
    const emptyConfig = join(dir, 'config');
    await writeFile(emptyConfig, '');
    const result = await runProgram(aws, ['configure', 'get', key, '--profile', profile], {
      env: cleanEnv(dir, { AWS_SHARED_CREDENTIALS_FILE: credentialsFile, AWS_CONFIG_FILE: emptyConfig, AWS_EC2_METADATA_DISABLED: 'true' }),
    });
    expect(result.code, `aws configure get ${key}: ${result.stderr}`).toBe(0);
    return result.stdout.replace(/\n$/, '');
  }

  it.for([
    ['ordinary values', 'my.profile-1@x+y_z', creds('Y4RJU1RNFGK48LGO9I2S', 'sYLRKS1Z7hSjluf6gEbb9066hnx315wHTiACPAjg', 'eyJhbGciOi.eyJh-_.c2ln')],
    ['configparser syntax', 'p', creds('AK%(x)s%%', 'a ; b # c = d : e [f] "g" \'h\' \\i $HOME ~', '[default]')],
    ['unicode', 'p', creds('AKIA😀', 'quote\u2019s עברית', 'nbsp\u00a0nel\u0085ls\u2028ps\u2029end')],
  ] as const)('%s', async ([, profile, c], ctx) => {
    const aws = requireProgram(ctx, 'aws', AWS);
    const dir = makeTempDir();
    const file = join(dir, 'credentials');
    await writeFile(file, renderIni(c, profile));
    const keys = ['aws_access_key_id', 'aws_secret_access_key', 'aws_session_token', 'x_security_token_expires'];
    const got = await Promise.all(keys.map((key) => awsConfigureGet(aws, file, profile, key)));
    expect(got).toEqual([c.accessKeyId, c.secretAccessKey, c.sessionToken, '2036-02-12T22:18:48Z']);
  });

  it('refuses values an INI file cannot carry unchanged', () => {
    for (const bad of ['a\nb', 'a\rb', '\tlead', ' lead', 'trail ', 'x\u001by', 'nul\0']) {
      expect(() => renderIni(creds('AKIA', bad, 'tok'), 'p'), JSON.stringify(bad)).toThrow(UnrepresentableValueError);
    }
    for (const profile of ['', 'a b', 'a]b', '[x', 'a\nb']) {
      expect(() => renderIni(creds('AKIA', 's', 't'), profile), JSON.stringify(profile)).toThrow(UnrepresentableValueError);
    }
  });

  it('from the CLI against MinIO: `aws configure get` sees the same credentials as `-o json`', async (ctx) => {
    const aws = requireProgram(ctx, 'aws', AWS);
    const env = minioContext(ctx);
    const cache = makeTempDir();
    const json = await cliAgainstMinio(env, ['assume-role', '-o', 'json', '--cache'], { STS_CREDS_CACHE_DIR: cache });
    expect(json.code, json.stderr).toBe(0);
    const ini = await cliAgainstMinio(env, ['assume-role', '-o', 'ini', '--ini-section', 'minio-tmp', '--cache'], { STS_CREDS_CACHE_DIR: cache });
    expect(ini.code, ini.stderr).toBe(0);
    const dir = makeTempDir();
    const file = join(dir, 'credentials');
    await writeFile(file, ini.stdout);
    const keys = ['aws_access_key_id', 'aws_secret_access_key', 'aws_session_token', 'x_security_token_expires'];
    const got = await Promise.all(keys.map((key) => awsConfigureGet(aws, file, 'minio-tmp', key)));
    const parsed = JSON.parse(json.stdout) as Record<string, string>;
    expect(got).toEqual([parsed.AccessKeyId, parsed.SecretAccessKey, parsed.SessionToken, parsed.Expiration]);
  });
});

describe('mc, against the real MinIO', () => {
  it('MC_HOST_<alias> from `-o mc --alias x` lets the real mc list a bucket', async (ctx) => {
    const bash = requireProgram(ctx, 'bash', BASH);
    const env = minioContext(ctx);
    const bucket = `consumers-mc-${randomBytes(4).toString('hex')}`;
    const mc = [env.mcPath, env.endpoint, env.rootUser, env.rootPassword] as const;
    await runMc(...mc, ['mb', `local/${bucket}`]);
    await runMc(...mc, ['pipe', `local/${bucket}/hello.txt`], { input: 'hello from mc' });

    const out = await cliAgainstMinio(env, ['assume-role', '-o', 'mc', '--mc-name', 'x'], {});
    expect(out.code, out.stderr).toBe(0);
    expect(out.stdout).toMatch(/^export MC_HOST_x='http:\/\/[^:']+:[^:']+:[^@']+@127\.0\.0\.1:\d+';\n$/);
    expect(out.stdout).not.toContain(env.password);

    const dir = makeTempDir();
    await writeFile(join(dir, 'mc-env'), out.stdout);
    const mcEnv = cleanEnv(dir, { MC_CONFIG_DIR: join(dir, '.mc'), MC_BIN: env.mcPath });
    const script = `eval "$(cat mc-env)" && exec "$MC_BIN" --json --quiet --no-color --disable-pager ls x/${bucket}`;
    const listed = await runProgram(bash, ['--norc', '--noprofile', '-c', script], { cwd: dir, env: mcEnv });
    expect(listed.code, `${listed.stdout}${listed.stderr}`).toBe(0);
    const entries = listed.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { status: string; key: string; size: number });
    expect(entries).toEqual([expect.objectContaining({ status: 'success', key: 'hello.txt', size: 13 })]);

    // Control: the same listing without the variable fails, so it was MC_HOST_x that worked.
    const without = await runProgram(env.mcPath, ['--json', '--quiet', '--no-color', '--disable-pager', 'ls', `x/${bucket}`], { cwd: dir, env: mcEnv });
    expect(without.code).not.toBe(0);
  });
});
