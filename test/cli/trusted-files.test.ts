/**
 * Files others control are refused, as OpenSSH's StrictModes refuses them: the AWS config and
 * credentials files, mc's config.json (wherever AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE and
 * MC_CONFIG_DIR put them) and the files they name must belong to the user or root and not be writable
 * by group or others, and so must every directory above them (unless sticky). The tests run as root,
 * so "another user" is uid 65534 (nobody), given the files with chown.
 */
import { chmodSync, chownSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { whyUntrusted } from '../../src/fs/trusted-file.js';
import { makeHome, runMain } from '../helpers/cli.js';
import { useFakeSts } from '../helpers/fake-sts.js';

const fake = useFakeSts();
const OTHER = 65534;
const asRoot = process.getuid?.() === 0;

/** A home with ~/.aws/config holding `config` (0600, ours), and the run's flags. */
function homeWith(config: string): { home: string; aws: string } {
  const home = makeHome();
  const aws = join(home, '.aws');
  mkdirSync(aws, { mode: 0o700 });
  writeFileSync(join(aws, 'config'), config, { mode: 0o600 });
  return { home, aws };
}

const profile = (endpoint: string, extra = ''): string =>
  `[profile p]\nendpoint_url = ${endpoint}\naws_access_key_id = AKIDEXAMPLE\naws_secret_access_key = secretsecret\n${extra}`;

async function runProfile(home: string, env: Record<string, string> = {}, extra: string[] = []) {
  return runMain(['assume-role', '--profile', 'p', ...extra], { home, env });
}

describe('whyUntrusted (pure)', () => {
  it.each([
    ['ours, 0600', { uid: 1000, mode: 0o100600 }, false, undefined],
    ["root's, 0644", { uid: 0, mode: 0o100644 }, false, undefined],
    ["another user's", { uid: 1001, mode: 0o100600 }, false, 'it is owned by uid 1001, not by you (uid 1000) or root'],
    ['group-writable', { uid: 1000, mode: 0o100664 }, false, 'group can write to it (mode 0664)'],
    ['world-writable directory', { uid: 1000, mode: 0o40777 }, true, 'group and others can write to it (mode 0777)'],
    ['sticky world-writable directory (/tmp)', { uid: 0, mode: 0o41777 }, true, undefined],
    ['sticky is no excuse for a file', { uid: 1000, mode: 0o101666 }, false, 'group and others can write to it (mode 1666)'],
  ])('%s', (_what, info, directory, expected) => {
    expect(whyUntrusted(info, 1000, directory)).toBe(expected);
  });
});

describe.runIf(asRoot)('configuration files another user controls are refused (exit 2, nothing sent)', () => {
  it('~/.aws/config owned by another user, even with mode 0600', async () => {
    const { home, aws } = homeWith(profile(fake.url));
    chownSync(join(aws, 'config'), OTHER, OTHER);
    const run = await runProfile(home);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`AWS config file "${join(aws, 'config')}" is refused: it is owned by uid ${OTHER}`);
    expect(fake.requests).toHaveLength(0);
  });

  it('~/.aws/credentials in a group-writable ~/.aws', async () => {
    const { home, aws } = homeWith(profile(fake.url));
    writeFileSync(join(aws, 'credentials'), '', { mode: 0o600 });
    chmodSync(aws, 0o775);
    const run = await runProfile(home);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/AWS (config|credentials) file ".*" is refused: its directory ".*\.aws" is not safe: group can write to it \(mode 0775\)/);
    expect(fake.requests).toHaveLength(0);
  });

  it('AWS_CONFIG_FILE in a directory another user owns', async () => {
    const home = makeHome();
    const theirs = mkdtempSync(join(tmpdir(), 'sts-creds-theirs-'));
    writeFileSync(join(theirs, 'config'), profile(fake.url), { mode: 0o600 });
    chownSync(theirs, OTHER, OTHER);
    const run = await runProfile(home, { AWS_CONFIG_FILE: join(theirs, 'config') });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`its directory "${theirs}" is not safe: it is owned by uid ${OTHER}`);
  });

  it('AWS_SHARED_CREDENTIALS_FILE owned by another user', async () => {
    const { home } = homeWith(profile(fake.url));
    const file = join(home, 'creds');
    writeFileSync(file, '[p]\n', { mode: 0o644 });
    chownSync(file, OTHER, OTHER);
    const run = await runProfile(home, { AWS_SHARED_CREDENTIALS_FILE: file });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`AWS credentials file "${file}" is refused: it is owned by uid ${OTHER}`);
  });

  it("mc's config.json under MC_CONFIG_DIR, owned by another user", async () => {
    const home = makeHome();
    const dir = join(home, 'mc');
    mkdirSync(dir, { mode: 0o700 });
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ aliases: { m: { url: fake.url, accessKey: 'AKID', secretKey: 'secretsecret' } } }), { mode: 0o600 });
    chownSync(join(dir, 'config.json'), OTHER, OTHER);
    const run = await runMain(['assume-role', '--alias', 'm'], { home, env: { MC_CONFIG_DIR: dir } });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`mc config file "${join(dir, 'config.json')}" is refused: it is owned by uid ${OTHER}`);
  });
});

describe.runIf(asRoot)('files a profile names are held to the same rule', () => {
  it('sts_creds_password_file owned by another user: refused before anything is sent', async () => {
    const { home } = homeWith('');
    const file = join(home, 'pw');
    writeFileSync(file, 'hunter22\n', { mode: 0o600 });
    chownSync(file, OTHER, OTHER);
    writeFileSync(join(home, '.aws', 'config'), `[profile p]\nendpoint_url = ${fake.url}\nsts_creds_user = bob\nsts_creds_password_file = ${file}\n`, { mode: 0o600 });
    const run = await runMain(['ldap', '--profile', 'p'], { home });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`password file "${file}" is refused: it is owned by uid ${OTHER}`);
    expect(fake.requests).toHaveLength(0);
  });

  it('a CA bundle in a world-writable (not sticky) directory', async () => {
    const { home } = homeWith(profile(fake.url));
    const open = join(home, 'open');
    mkdirSync(open);
    chmodSync(open, 0o777);
    writeFileSync(join(open, 'ca.pem'), '-----BEGIN CERTIFICATE-----\n', { mode: 0o644 });
    const run = await runProfile(home, {}, ['--ca-bundle', join(open, 'ca.pem')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`CA bundle "${join(open, 'ca.pem')}" is refused: its directory "${open}" is not safe: group and others can write to it (mode 0777)`);
  });

  it('a file of ours in a sticky shared directory is accepted (as /tmp is)', async () => {
    const { home } = homeWith(profile(fake.url));
    const shared = join(home, 'shared');
    mkdirSync(shared);
    chmodSync(shared, 0o1777);
    const file = join(shared, 'pw');
    writeFileSync(file, 'secretsecret\n', { mode: 0o600 });
    const run = await runMain(['assume-role', '--endpoint', fake.url, '-u', 'AKIDEXAMPLE', '--password-file', file], { home });
    expect(run.code, run.stderr).toBe(0);
  });
});
