/**
 * Two findings a new user runs into. A cache entry answers a run given its secret outright (`-p`, a
 * variable, a profile's key) only when it was made with that same secret: `-p WRONGPASS -o
 * credential-process` is not answered from the cache. The entry holds a keyed hash of the secret,
 * never the secret. And AssumeRole refused while signing with temporary keys (what an earlier
 * `eval "$(sts-creds env ...)"` exported) says that they are temporary.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { secretForms } from '../../src/text/server-text.js';
import { makeHome, runMain } from '../helpers/cli.js';
import { expectedSigV4Authorization, stsErrorBody, useFakeSts } from '../helpers/fake-sts.js';

const fake = useFakeSts();
const RIGHT = 'right-password-123';
const WRONG = 'WRONGPASS-456';

describe('a secret-bound cache entry', () => {
  const cp = (home: string, password: string) => runMain(['assume-role', '--endpoint', fake.url, '-u', 'AKIDCACHE', '--password-env', 'PW', '-o', 'credential-process'], { home, env: { PW: password } });

  it('-p WRONGPASS -o credential-process is not answered from the cache', async () => {
    const home = makeHome();
    expect((await cp(home, RIGHT)).code).toBe(0);
    expect(fake.requests).toHaveLength(1);
    // Same password: the cache answers.
    expect((await cp(home, RIGHT)).code).toBe(0);
    expect(fake.requests).toHaveLength(1);
    // Another password: STS is asked, with that password.
    const wrong = await runMain(['assume-role', '--endpoint', fake.url, '-u', 'AKIDCACHE', '-p', WRONG, '-o', 'credential-process'], { home });
    expect(wrong.code, wrong.stderr).toBe(0);
    expect(fake.requests).toHaveLength(2);
    expect(fake.requests[1]!.headers.authorization).toBe(expectedSigV4Authorization(fake.requests[1]!, WRONG));
    // The entry it wrote answers only that password now.
    expect((await cp(home, RIGHT)).code).toBe(0);
    expect(fake.requests).toHaveLength(3);
  });

  it('the cache directory holds no form of the password, only a keyed hash', async () => {
    const home = makeHome();
    expect((await cp(home, RIGHT)).code).toBe(0);
    const dir = join(home, '.cache', 'sts-creds', 'credentials');
    const files = readdirSync(dir);
    expect(files).toContain('.secret-check.key');
    const entry = files.find((f) => f.endsWith('.json'))!;
    const text = readFileSync(join(dir, entry), 'utf8');
    expect(JSON.parse(text)).toHaveProperty('secretCheck', expect.stringMatching(/^[0-9a-f]{64}$/));
    for (const file of files) for (const form of secretForms(RIGHT)) expect(readFileSync(join(dir, file), 'utf8')).not.toContain(form);
  });

  it('a run whose password comes from a file (read only when sending) still gets a cache hit', async () => {
    const home = makeHome();
    expect((await cp(home, RIGHT)).code).toBe(0);
    writeFileSync(join(home, 'pw'), `${RIGHT}\n`, { mode: 0o600 });
    const fromFile = await runMain(['assume-role', '--endpoint', fake.url, '-u', 'AKIDCACHE', '--password-file', join(home, 'pw'), '-o', 'credential-process'], { home });
    expect(fromFile.code, fromFile.stderr).toBe(0);
    expect(fake.requests).toHaveLength(1);
  });
});

describe('temporary keys as the AssumeRole signer', () => {
  it('AWS_ACCESS_KEY_ID + AWS_SESSION_TOKEN refused: the error says they are temporary credentials', async () => {
    fake.reply(403, stsErrorBody('AccessDenied', 'Access denied'));
    const run = await runMain(['assume-role', '--endpoint', fake.url], {
      env: { AWS_ACCESS_KEY_ID: 'ASIATEMP', AWS_SECRET_ACCESS_KEY: 'tempsecret', AWS_SESSION_TOKEN: 'tempsessiontoken' },
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("AccessDenied (HTTP 403): Access denied (these are temporary credentials (they come with a session token); AssumeRole needs a user's long-term keys)");
    expect(run.stderr).not.toContain('tempsecret');
  });

  it('long-term keys refused: no such hint', async () => {
    fake.reply(403, stsErrorBody('AccessDenied', 'Access denied'));
    const run = await runMain(['assume-role', '--endpoint', fake.url], { env: { AWS_ACCESS_KEY_ID: 'AKIALONG', AWS_SECRET_ACCESS_KEY: 'longsecret' } });
    expect(run.code).toBe(1);
    expect(run.stderr).not.toContain('temporary');
  });
});

describe('MC_HOST_<alias> that cannot be read', () => {
  it('a malformed %-escape is a usage error (exit 2) naming the variable', async () => {
    const run = await runMain(['assume-role', '--alias', 'x'], { env: { MC_HOST_x: 'http://AKID:bad%zzsecret@127.0.0.1:9' } });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('sts-creds: MC_HOST_x has a malformed %-escape in its keys (write % as %25)\n');
    expect(fake.requests).toHaveLength(0);
  });
});
