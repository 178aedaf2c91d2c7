/**
 * Configure once (issue 13), against the in-process fake STS: AWS profiles, mc aliases and AWS_*
 * variables as sources, their precedence, the AWS CLI's flag names, the samples' Go-style flags,
 * -d, errors that say what to do, help at 80 columns and shell completion in the real shells.
 */
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, cliEnv, expectCleanFailure, runCli, runMain, runProgram } from '../helpers/cli.js';
import { customTokenSuccessBody, expectedSigV4Authorization, stsErrorBody, useFakeSts, type RecordedRequest } from '../helpers/fake-sts.js';
import { useTempDirs, writeToolHome, type ToolFiles } from '../helpers/temp-dirs.js';

const fake = useFakeSts();
const makeDir = useTempDirs('configure');

/** The access key that signed a request. */
const signer = (req: RecordedRequest): string => /Credential=([^/]+)\//.exec(String(req.headers.authorization))?.[1] ?? '';
const signedWith = (req: RecordedRequest, secret: string): boolean => req.headers.authorization === expectedSigV4Authorization(req, secret);

/** A home with AWS files and an mc config, as the tools write them (0600). */
function home(files: ToolFiles): { home: string; env: Record<string, string> } {
  return { home: writeToolHome(makeDir(), files), env: { NO_COLOR: '1' } };
}

const profileFiles = (endpoint: string) => ({
  config: `[default]\nregion = us-east-1\n\n[profile minio]\nendpoint_url = ${endpoint}\nregion = eu-west-9\nduration_seconds = 1800\n`,
  credentials: '[minio]\naws_access_key_id = PROFILEKEY\naws_secret_access_key = profile-secret\n',
});

describe('--profile and AWS_PROFILE read the AWS shared files', () => {
  it('--profile gives the endpoint, region, duration and signing keys: no other flag needed', async () => {
    const h = home(profileFiles(fake.url));
    const run = await runMain(['assume-role', '--profile', 'minio', '-o', 'json'], h);
    expect(run.code, run.stderr).toBe(0);
    const req = fake.onlyRequest();
    expect(signer(req)).toBe('PROFILEKEY');
    expect(signedWith(req, 'profile-secret')).toBe(true);
    expect(String(req.headers.authorization)).toContain('/eu-west-9/sts/');
    expect(new URLSearchParams(req.body).get('DurationSeconds')).toBe('1800');
  });

  it('AWS_PROFILE does the same; AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE move the files', async () => {
    const dir = makeDir();
    const files = profileFiles(fake.url);
    writeFileSync(join(dir, 'c'), files.config, { mode: 0o600 });
    writeFileSync(join(dir, 'k'), files.credentials, { mode: 0o600 });
    const run = await runMain(['assume-role'], { env: { AWS_PROFILE: 'minio', AWS_CONFIG_FILE: join(dir, 'c'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'k') } });
    expect(run.code, run.stderr).toBe(0);
    expect(signer(fake.onlyRequest())).toBe('PROFILEKEY');
  });

  it("the services section's sts endpoint_url beats the profile's endpoint_url; aws_session_token is sent", async () => {
    const h = home({
      config: `[profile p]\nendpoint_url = http://127.0.0.1:9/never\nservices = local\n\n[services local]\nsts =\n  endpoint_url = ${fake.url}\ns3 =\n  endpoint_url = http://127.0.0.1:9/s3\n`,
      credentials: '[p]\naws_access_key_id = K\naws_secret_access_key = S\naws_session_token = SESSION-TOKEN\n',
    });
    const run = await runMain(['assume-role', '--profile', 'p'], h);
    expect(run.code, run.stderr).toBe(0);
    expect(fake.onlyRequest().headers['x-amz-security-token']).toBe('SESSION-TOKEN');
  });

  it('sts_creds_* keys: env runs the profile method; the LDAP user and password file come from the profile', async () => {
    const h = home({});
    const pw = join(h.home, 'ldap-pw');
    writeFileSync(pw, 'ldap-secret\n', { mode: 0o600 });
    writeFileSync(join(h.home, '.aws', 'config'), `[profile corp]\nendpoint_url = ${fake.url}\nsts_creds_method = ldap\nsts_creds_user = alice\nsts_creds_password_file = ${pw}\n`, { mode: 0o600 });
    const run = await runMain(['env', '--profile', 'corp'], h);
    expect(run.code, run.stderr).toBe(0);
    const body = new URLSearchParams(fake.onlyRequest().body);
    expect(body.get('Action')).toBe('AssumeRoleWithLDAPIdentity');
    expect([body.get('LDAPUsername'), body.get('LDAPPassword')]).toEqual(['alice', 'ldap-secret']);
  });

  it('an unknown profile is a usage error that points -o ini users at --ini-section', async () => {
    const run = await runMain(['assume-role', '--profile', 'nope', '-o', 'ini'], home(profileFiles(fake.url)));
    expectCleanFailure(run, /AWS profile "nope" not found in .*--ini-section/, 2);
    expect(fake.requests).toHaveLength(0);
    // $AWS_PROFILE is set for other tools too: a profile it names that the files lack is ignored.
    const h = home(profileFiles(fake.url));
    const ambient = await runMain(['assume-role', '-u', 'foobar', '--password-env', 'PW', '--endpoint', fake.url, '-o', 'json'], {
      ...h,
      env: { ...h.env, AWS_PROFILE: 'nope', PW: 'foo12345' },
    });
    expect(ambient.code, ambient.stderr).toBe(0);
  });

  it('a group-writable credentials file is refused before any request', async () => {
    const h = home(profileFiles(fake.url));
    chmodSync(join(h.home, '.aws', 'credentials'), 0o620);
    expectCleanFailure(await runMain(['assume-role', '--profile', 'minio'], h), /is refused: group can write to it \(mode 0620\)/, 2);
    expect(fake.requests).toHaveLength(0);
  });
});

describe('--alias reads an mc alias', () => {
  const mc = (url: string) => ({ version: '10', aliases: { myminio: { url, accessKey: 'MCKEY', secretKey: 'mc-secret', api: 's3v4', path: 'auto' } } });

  it("the alias's URL is the endpoint and its keys sign AssumeRole", async () => {
    const run = await runMain(['assume-role', '--alias', 'myminio'], home({ mc: mc(fake.url) }));
    expect(run.code, run.stderr).toBe(0);
    const req = fake.onlyRequest();
    expect(signer(req)).toBe('MCKEY');
    expect(signedWith(req, 'mc-secret')).toBe(true);
  });

  it('MC_CONFIG_DIR moves the file; MC_HOST_<alias> wins over it, as in mc', async () => {
    const h = home({});
    const dir = makeDir();
    writeFileSync(join(dir, 'config.json'), JSON.stringify(mc(fake.url)), { mode: 0o600 });
    expect((await runMain(['assume-role', '--alias', 'myminio'], { home: h.home, env: { MC_CONFIG_DIR: dir } })).code).toBe(0);
    expect(signer(fake.onlyRequest())).toBe('MCKEY');
    fake.clear();
    const url = new URL(fake.url);
    const run = await runMain(['assume-role', '--alias', 'myminio'], { home: h.home, env: { MC_CONFIG_DIR: dir, MC_HOST_myminio: `http://ENVKEY:env-secret@${url.host}` } });
    expect(run.code, run.stderr).toBe(0);
    expect(signedWith(fake.onlyRequest(), 'env-secret')).toBe(true);
  });

  it('a missing alias names the ones the file has; a world-writable file is refused', async () => {
    const h = home({ mc: mc(fake.url) });
    expectCleanFailure(await runMain(['assume-role', '--alias', 'other'], h), /mc alias "other" not found in .*\(it has: "myminio"\)/, 2);
    chmodSync(join(h.home, '.mc', 'config.json'), 0o602);
    expectCleanFailure(await runMain(['assume-role', '--alias', 'myminio'], h), /mc config file .* is refused: (group|others|group and others) can write to it/, 2);
    expect(fake.requests).toHaveLength(0);
  });

  it('--profile and --alias together are refused', async () => {
    expectCleanFailure(await runMain(['assume-role', '--alias', 'a', '--profile', 'b']), /either --profile or --alias/, 2);
  });
});

describe('AWS_* variables and the precedence: flags, STS_CREDS_*, profile or alias, AWS_*, defaults', () => {
  const aws = { AWS_ACCESS_KEY_ID: 'AWSKEY', AWS_SECRET_ACCESS_KEY: 'aws-secret', AWS_SESSION_TOKEN: 'aws-token' };

  it('with no -u, AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN sign AssumeRole', async () => {
    const run = await runMain(['assume-role', '--endpoint', fake.url], { env: aws });
    expect(run.code, run.stderr).toBe(0);
    const req = fake.onlyRequest();
    expect([signer(req), signedWith(req, 'aws-secret'), req.headers['x-amz-security-token']]).toEqual(['AWSKEY', true, 'aws-token']);
  });

  it('the profile beats AWS_*', async () => {
    const h = home(profileFiles(fake.url));
    const run = await runMain(['assume-role', '--profile', 'minio'], { home: h.home, env: aws });
    expect(run.code, run.stderr).toBe(0);
    expect(signer(fake.onlyRequest())).toBe('PROFILEKEY');
    expect(fake.onlyRequest().headers['x-amz-security-token']).toBeUndefined();
  });

  it('STS_CREDS_USER/STS_CREDS_PASSWORD beat the profile; the profile secret never signs for another user', async () => {
    const h = home(profileFiles(fake.url));
    const run = await runMain(['assume-role', '--profile', 'minio'], { home: h.home, env: { STS_CREDS_USER: 'ENVUSER', STS_CREDS_PASSWORD: 'env-pw' } });
    expect(run.code, run.stderr).toBe(0);
    expect([signer(fake.onlyRequest()), signedWith(fake.onlyRequest(), 'env-pw')]).toEqual(['ENVUSER', true]);
  });

  it('flags beat everything: -u/--password-env, --endpoint, --region, -e', async () => {
    const h = home(profileFiles('http://127.0.0.1:9/unused'));
    const run = await runMain(['assume-role', '--profile', 'minio', '-u', 'FLAGUSER', '--password-env', 'PW', '--endpoint', fake.url, '--region', 'r1', '-e', '900'], {
      home: h.home,
      env: { ...aws, PW: 'flag-pw', STS_CREDS_USER: 'ENVUSER' },
    });
    expect(run.code, run.stderr).toBe(0);
    const req = fake.onlyRequest();
    expect([signer(req), signedWith(req, 'flag-pw')]).toEqual(['FLAGUSER', true]);
    expect(String(req.headers.authorization)).toContain('/r1/sts/');
    expect(new URLSearchParams(req.body).get('DurationSeconds')).toBe('900');
  });

  it('a password flag with the profile user: the flag wins over the profile secret', async () => {
    const h = home(profileFiles(fake.url));
    const run = await runMain(['assume-role', '--profile', 'minio', '--password-env', 'PW'], { home: h.home, env: { PW: 'other' } });
    expect(run.code, run.stderr).toBe(0);
    expect([signer(fake.onlyRequest()), signedWith(fake.onlyRequest(), 'other')]).toEqual(['PROFILEKEY', true]);
  });

  it('no user anywhere: the message lists every source', async () => {
    expectCleanFailure(await runMain(['assume-role', '--endpoint', fake.url]), /no user: use -u\/--user, set STS_CREDS_USER, --profile, --alias, or set AWS_ACCESS_KEY_ID/, 2);
  });
});

describe("the AWS CLI's and the samples' flag names", () => {
  const pw = { PW: 'pw' };

  it('--endpoint-url and --duration-seconds are --endpoint and --duration', async () => {
    const run = await runMain(['assume-role', '--endpoint-url', fake.url, '-u', 'u', '--password-env', 'PW', '--duration-seconds', '1200'], { env: pw });
    expect(run.code, run.stderr).toBe(0);
    expect(new URLSearchParams(fake.onlyRequest().body).get('DurationSeconds')).toBe('1200');
  });

  it.each([
    ['-sts-ep URL', (url: string) => ['-sts-ep', url, '-u', 'foobar']],
    ['-sts-ep=URL', (url: string) => [`-sts-ep=${url}`, '-u', 'foobar']],
    ['-u=foobar', (url: string) => ['--endpoint', url, '-u=foobar']],
  ])('Go-style %s works as in assume-role.go', async (_what, args) => {
    const run = await runMain(['assume-role', ...args(fake.url), '--password-env', 'PW'], { env: pw });
    expect(run.code, run.stderr).toBe(0);
    expect(signer(fake.onlyRequest())).toBe('foobar');
  });

  it('-d -b only displays: no listing request', async () => {
    const run = await runMain(['assume-role', '--endpoint', fake.url, '-u', 'u', '--password-env', 'PW', '-d', '-b', 'bucket'], { env: pw });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.split('\n')[0]).toBe('Only displaying credentials:');
    expect(fake.requests).toHaveLength(1);
  });

  it('custom-token takes -d and -b, as custom-token-identity.go', async () => {
    fake.reply(200, customTokenSuccessBody());
    const run = await runMain(['custom-token', '-sts-ep', fake.url, '-t=tok', '-r', 'arn:minio:iam:::role/x', '-d', '-b', 'bucket'], {});
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.split('\n')[0]).toBe('Only displaying credentials:');
    expect(fake.requests).toHaveLength(1);
  });

  it('custom-token -e 30d is sent to the server (which clamps to the plugin maximum); -e 600 too', async () => {
    for (const [flag, seconds] of [['30d', '2592000'], ['600', '600']] as const) {
      fake.clear();
      fake.reply(200, customTokenSuccessBody());
      const run = await runMain(['custom-token', '--endpoint', fake.url, '-t', 'tok', '-r', 'arn:x', '-e', flag]);
      expect(run.code, run.stderr).toBe(0);
      expect(new URL(fake.onlyRequest().url, 'http://x').searchParams.get('DurationSeconds')).toBe(seconds);
    }
  });

  it('--ini-section names -o ini\'s section and --mc-name -o mc\'s alias', async () => {
    const ini = await runMain(['assume-role', '--endpoint', fake.url, '-u', 'u', '--password-env', 'PW', '-o', 'ini', '--ini-section', 'tmp'], { env: pw });
    expect(ini.stdout.split('\n')[0]).toBe('[tmp]');
    const mc = await runMain(['assume-role', '--endpoint', fake.url, '-u', 'u', '--password-env', 'PW', '-o', 'mc', '--mc-name', 'box'], { env: pw });
    expect(mc.stdout).toMatch(/MC_HOST_box=/);
  });
});

describe('errors say what to do', () => {
  it('an endpoint without a scheme suggests http://', async () => {
    expectCleanFailure(await runMain(['assume-role', '--endpoint', 'localhost:9000', '-u', 'u', '-p', 'p']), /use http:\/\/localhost:9000 /, 2);
  });

  it('an HTML answer says the endpoint is not an STS service, with the status and content type', async () => {
    fake.reply(200, '<!DOCTYPE html><html><body>console</body></html>', { 'content-type': 'text/html' });
    const run = await runMain(['assume-role', '--endpoint', fake.url, '-u', 'u', '-p', 'p']);
    expectCleanFailure(run, /is not an STS service: it answered HTTP 200 \(text\/html\)/);
    expect(run.stderr).not.toMatch(/DOCTYPE/);
  });

  it.each([
    ['SignatureDoesNotMatch', 'SignatureDoesNotMatch', 'whatever'],
    ["MinIO's AccessDenied with the signature message", 'AccessDenied', 'The request signature we calculated does not match the signature you provided.'],
  ])('%s says the secret key is probably wrong', async (_what, code, message) => {
    fake.reply(403, stsErrorBody(code, message));
    expectCleanFailure(await runMain(['assume-role', '--endpoint', fake.url, '-u', 'u', '-p', 'p']), /the secret key is probably wrong/);
  });
});

describe('help fits 80 columns without breaking words', () => {
  const commands = [[], ['assume-role'], ['custom-token'], ['ldap'], ['web-identity'], ['client-grants'], ['certificate'], ['env'], ['env', 'ldap'], ['exec'], ['exec', 'assume-role'], ['doctor'], ['completion']];
  it.each(commands.map((c) => [c.join(' ') || '(top)', c]))('%s --help', async (_name, command) => {
    const run = await runMain([...(command), '--help'], { env: { COLUMNS: '80' } });
    expect(run.code).toBe(0);
    const long = run.stdout.split('\n').filter((line) => line.length > 80);
    expect(long).toEqual([]);
    // A word cut at the line end would leave a fragment of a known word at the start of the next line.
    expect(run.stdout).not.toMatch(/num\n\s+ber|identi\n|creden\n/);
  });
});

describe('completion scripts load in the real shells', () => {
  const script = async (shell: string): Promise<string> => {
    const run = await runCli(['completion', shell]);
    expect(run.code, run.stderr).toBe(0);
    const file = join(makeDir(), `c.${shell}`);
    writeFileSync(file, run.stdout);
    return file;
  };
  const env = () => cliEnv(makeDir());

  it('bash: complete -p names the function; it completes commands, options and -o values', async () => {
    const file = await script('bash');
    const r = await runProgram('bash', ['-c', `source '${file}'; complete -p sts-creds
COMP_WORDS=(sts-creds as); COMP_CWORD=1; _sts_creds; echo "\${COMPREPLY[*]}"
COMP_WORDS=(sts-creds assume-role --pro); COMP_CWORD=2; _sts_creds; echo "\${COMPREPLY[*]}"
COMP_WORDS=(sts-creds assume-role -o c); COMP_CWORD=3; _sts_creds; echo "\${COMPREPLY[*]}"
COMP_WORDS=(sts-creds env --shell f); COMP_CWORD=3; _sts_creds; echo "\${COMPREPLY[*]}"`], { env: env() });
    expect(r.stderr).toBe('');
    const [registered, commands, options, outputs, shells] = r.stdout.split('\n');
    expect(registered).toBe('complete -o default -F _sts_creds sts-creds');
    expect(commands!.split(' ')).toContain('assume-role');
    expect(options).toBe('--profile');
    expect(outputs).toBe('credential-process');
    expect(shells).toBe('fish');
  });

  it('zsh: under compinit, compdef binds _sts_creds, which offers the commands and -o values', async () => {
    const file = await script('zsh');
    const r = await runProgram('zsh', ['-f', '-c', `autoload -U compinit && compinit -u -d '${makeDir()}/zcomp'; source '${file}'; print -r -- $_comps[sts-creds]
compadd() { print -r -- "$*" }
words=(sts-creds ''); CURRENT=2; _sts_creds
words=(sts-creds exec assume-role -o ''); CURRENT=5; _sts_creds`], { env: env() });
    expect(r.stderr).toBe('');
    const [bound, commands] = r.stdout.split('\n');
    expect(bound).toBe('_sts_creds');
    expect(commands!.split(' ')).toEqual(expect.arrayContaining(['assume-role', 'env', 'exec', 'doctor', 'completion']));
    // exec takes no -o: nothing offered for its value there.
    expect(r.stdout.split('\n')[2]).toBe('');
  });

  it('fish: complete -C lists commands, options and --output values', async () => {
    const file = await script('fish');
    const r = await runProgram('fish', ['--no-config', '-c', `source '${file}'; complete -C'sts-creds as'; echo ---; complete -C'sts-creds assume-role --out'; echo ---; complete -C'sts-creds assume-role --output '`], { env: env() });
    expect(r.stderr).toBe('');
    const [commands, options, outputs] = r.stdout.split('---\n').map((part) => part.trim().split('\n').map((line) => line.split('\t')[0]));
    expect(commands).toContain('assume-role');
    expect(options).toEqual(['--output']);
    expect(outputs).toEqual(expect.arrayContaining(['text', 'json', 'credential-process', 'ini', 'mc']));
  });
});

it('the bin is the one the tests run', () => expect(BIN).toMatch(/bin\/sts-creds\.js$/));
