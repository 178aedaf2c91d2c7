/**
 * The two endpoints (STS, where credentials come from; S3, where they are used), each with its source;
 * mc's per-alias STS variables; and `source_profile` chains over parsed AWS files. Pure modules.
 */
import { describe, expect, it } from 'vitest';
import type { ConfiguredSettings } from '../../src/cli/inputs/configured.js';
import { resolveEndpoints } from '../../src/cli/inputs/endpoints.js';
import { hasPath } from '../../src/cli/inputs/environment.js';
import { runSettings } from '../../src/cli/inputs/settings.js';
import { COMMON_OPTIONS } from '../../src/cli/options.js';
import { mcAliasSts } from '../../src/cli/inputs/mc-alias.js';
import { resolveProfileChain, type ParsedAwsFiles } from '../../src/cli/inputs/profile-chain.js';
import { CliUsageError } from '../../src/cli/errors.js';

const OPERATOR_STS = 'https://sts.minio-operator.svc.cluster.local:4223/sts/tenant-ns';

describe('resolveEndpoints', () => {
  const configured = (over: Partial<ConfiguredSettings>): ConfiguredSettings => ({ origin: 'AWS profile "p"', raw: {}, where: (field) => `${field} of profile p`, ...over });
  const resolve = (flags: object, conf: ConfiguredSettings | undefined, env: Record<string, string>) =>
    resolveEndpoints(runSettings({ flags, env, configured: conf, specs: COMMON_OPTIONS }));

  it.each([
    ['the default', {}, undefined, {}, ['http://localhost:9000', 'the default (http://localhost:9000)'], ['http://localhost:9000', 'the STS endpoint, the default (http://localhost:9000)']],
    ['--endpoint without a path is also S3', { endpoint: 'http://m:9000' }, undefined, {}, ['http://m:9000', '--endpoint'], ['http://m:9000', 'the STS endpoint, --endpoint']],
    ['an STS path and nothing else: no S3', { endpoint: OPERATOR_STS }, undefined, {}, [OPERATOR_STS, '--endpoint'], undefined],
    ['--s3-endpoint beside an STS path', { endpoint: OPERATOR_STS, s3Endpoint: 'https://minio.ns.svc:443' }, undefined, {}, [OPERATOR_STS, '--endpoint'], ['https://minio.ns.svc:443', '--s3-endpoint']],
    ['AWS_ENDPOINT_URL_STS and AWS_ENDPOINT_URL_S3', {}, undefined, { AWS_ENDPOINT_URL_STS: OPERATOR_STS, AWS_ENDPOINT_URL_S3: 'https://s3.x' }, [OPERATOR_STS, 'AWS_ENDPOINT_URL_STS'], ['https://s3.x', 'AWS_ENDPOINT_URL_S3']],
    ['AWS_ENDPOINT_URL_STS beats AWS_ENDPOINT_URL for STS; the generic one is S3', {}, undefined, { AWS_ENDPOINT_URL_STS: OPERATOR_STS, AWS_ENDPOINT_URL: 'https://all.x' }, [OPERATOR_STS, 'AWS_ENDPOINT_URL_STS'], ['https://all.x', 'AWS_ENDPOINT_URL']],
    ['AWS_ENDPOINT_URL with an STS path is never S3', {}, undefined, { AWS_ENDPOINT_URL: OPERATOR_STS }, [OPERATOR_STS, 'AWS_ENDPOINT_URL'], undefined],
    [
      'a profile ranks above AWS_* for both',
      {},
      configured({ endpoint: OPERATOR_STS, s3Endpoint: 'https://s3.p' }),
      { AWS_ENDPOINT_URL_STS: 'http://other', AWS_ENDPOINT_URL_S3: 'http://other-s3' },
      [OPERATOR_STS, 'endpoint of profile p'],
      ['https://s3.p', 's3Endpoint of profile p'],
    ],
    [
      'flags rank above the profile',
      { endpoint: 'http://flag:1', s3Endpoint: 'http://flag:2' },
      configured({ endpoint: OPERATOR_STS, s3Endpoint: 'https://s3.p' }),
      {},
      ['http://flag:1', '--endpoint'],
      ['http://flag:2', '--s3-endpoint'],
    ],
  ] as const)('%s', (_name, flags, conf, env, sts, s3) => {
    const out = resolve(flags, conf, env);
    expect([out.sts.value, out.sts.origin.label]).toEqual(sts);
    expect(out.s3 && [out.s3.value, out.s3.origin.label]).toEqual(s3);
  });

  it('refuses an empty --s3-endpoint and a malformed S3 endpoint, naming where it was written', () => {
    expect(() => resolve({ s3Endpoint: '' }, undefined, {})).toThrow(/--s3-endpoint is empty/);
    expect(() => resolve({}, undefined, { AWS_ENDPOINT_URL_S3: 'ftp://x' })).toThrow(/invalid S3 endpoint \(AWS_ENDPOINT_URL_S3\)/);
  });

  it('hasPath: only a path beyond the root counts', () => {
    expect(hasPath('http://h:9000')).toBe(false);
    expect(hasPath('http://h:9000/')).toBe(false);
    expect(hasPath(OPERATOR_STS)).toBe(true);
    expect(hasPath('not a url')).toBe(false);
  });
});

describe('mcAliasSts', () => {
  it('reads MC_STS_ENDPOINT_<alias> and, with the token file only, the role variables', () => {
    expect(mcAliasSts('ns', {})).toBeUndefined();
    expect(mcAliasSts('ns', { MC_STS_ENDPOINT_ns: '' })).toBeUndefined();
    expect(mcAliasSts('ns', { MC_STS_ENDPOINT_ns: OPERATOR_STS, MC_ROLE_ARN_ns: 'arn:x' })).toEqual({
      stsEndpoint: OPERATOR_STS,
      tokenFile: undefined,
      roleArn: undefined,
      roleSessionName: undefined,
      origin: 'MC_STS_ENDPOINT_ns',
    });
    expect(
      mcAliasSts('ns', { MC_STS_ENDPOINT_ns: OPERATOR_STS, MC_WEB_IDENTITY_TOKEN_FILE_ns: '/t', MC_ROLE_ARN_ns: 'arn:x', MC_ROLE_SESSION_NAME_ns: 's' }),
    ).toMatchObject({ tokenFile: '/t', roleArn: 'arn:x', roleSessionName: 's' });
    // Variable names are exact, as mc reads them.
    expect(mcAliasSts('NS', { MC_STS_ENDPOINT_ns: OPERATOR_STS })).toBeUndefined();
  });
});

describe('resolveProfileChain', () => {
  const files = (config: Record<string, Record<string, string>>, credentials: Record<string, Record<string, string>> = {}): ParsedAwsFiles => ({
    configFile: config,
    credentialsFile: credentials,
    configPath: '/h/.aws/config',
    credentialsPath: '/h/.aws/credentials',
  });
  const chainOf = (name: string, f: ParsedAwsFiles, named = true) => {
    const start = { ...f.configFile[name], ...f.credentialsFile[name] } as Record<string, string>;
    return resolveProfileChain(name, start, f, named);
  };
  const usage = (fn: () => unknown): string => {
    try {
      fn();
    } catch (error) {
      expect(error).toBeInstanceOf(CliUsageError);
      return (error as Error).message;
    }
    throw new Error('expected a usage error');
  };

  it('is undefined without source_profile', () => {
    expect(chainOf('a', files({ a: { region: 'x' } }))).toBeUndefined();
  });

  it('follows source_profile to a root with keys in the credentials file; roles between, root side first', () => {
    const f = files(
      { app: { source_profile: 'mid', role_arn: 'arn:app' }, mid: { source_profile: 'base', role_arn: 'arn:mid', role_session_name: 'm' }, base: { region: 'r' } },
      { base: { aws_access_key_id: 'AK', aws_secret_access_key: 'SK' } },
    );
    const chain = chainOf('app', f)!;
    expect(chain.names).toEqual(['app', 'mid', 'base']);
    expect(chain.rootName).toBe('base');
    expect(chain.root.aws_access_key_id).toBe('AK');
    expect(chain.between).toEqual([{ profile: 'mid', roleArn: 'arn:mid', roleSessionName: 'm', externalId: undefined }]);
  });

  it('takes a root whose keys are in the keyring, and a profile that names itself with keys', () => {
    expect(chainOf('app', files({ app: { source_profile: 'base' }, base: { sts_creds_keyring: 'k' } }))!.rootName).toBe('base');
    const self = files({}, { me: { source_profile: 'me', aws_access_key_id: 'A', aws_secret_access_key: 'S' } });
    expect(chainOf('me', self)!.names).toEqual(['me']);
  });

  it('refuses a cycle and a missing source, naming the profiles (exit 2)', () => {
    expect(usage(() => chainOf('a', files({ a: { source_profile: 'b' }, b: { source_profile: 'a' } })))).toBe(
      'AWS profiles "a" -> "b" -> "a" form a cycle through source_profile (in "/h/.aws/config")',
    );
    expect(usage(() => chainOf('a', files({ a: { source_profile: 'a' } })))).toMatch(/"a" -> "a" form a cycle/);
    expect(usage(() => chainOf('a', files({ a: { source_profile: 'gone' } })))).toBe(
      'source_profile "gone" of AWS profile "a" is not in "/h/.aws/config" or "/h/.aws/credentials"',
    );
    expect(usage(() => chainOf('a', files({ a: { source_profile: 'b' }, b: { region: 'x' } })))).toMatch(/AWS profile "b" \(the source_profile of "a"\) holds no keys/);
  });

  it('refuses what it does not follow by name: credential_source, SSO, a source that runs a process or holds a token file', () => {
    expect(usage(() => chainOf('a', files({ a: { role_arn: 'x', credential_source: 'Environment' } })))).toMatch(/^credential_source in AWS profile "a" .* not supported/);
    expect(usage(() => chainOf('a', files({ a: { sso_session: 's' } })))).toMatch(/^sso_session in AWS profile "a" .*IAM Identity Center/);
    expect(usage(() => chainOf('a', files({ a: { source_profile: 'b' }, b: { sso_start_url: 'https://x' } })))).toMatch(/^sso_start_url in AWS profile "b"/);
    expect(usage(() => chainOf('a', files({ a: { source_profile: 'b' }, b: { credential_process: 'x' } })))).toMatch(/^credential_process in AWS profile "b"/);
    expect(usage(() => chainOf('a', files({ a: { source_profile: 'b' }, b: { web_identity_token_file: '/t' } })))).toMatch(/^web_identity_token_file in AWS profile "b"/);
    // The named profile itself may run sts-creds as its credential_process; one named only by AWS_PROFILE is not refused.
    expect(chainOf('a', files({ a: { credential_process: 'sts-creds ...' } }))).toBeUndefined();
    expect(chainOf('a', files({ a: { sso_session: 's' } }), false)).toBeUndefined();
  });
});
