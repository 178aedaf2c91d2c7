/**
 * The environment `exec` builds for its command: with `--server`, a config file view without credential
 * settings (so no shared file can supply keys ahead of the server), and with `--alias`, no `MC_HOST_*`
 * that carries a secret.
 */
import { describe, expect, it } from 'vitest';
import { childEnvironment, mcHostSecretVariables } from '../../src/cli/exec.js';
import { configWithoutCredentials } from '../../src/format/config-without-credentials.js';

describe('configWithoutCredentials (pure)', () => {
  it('drops every credential setting of every section and keeps the rest as written', () => {
    const config = [
      '# my settings',
      '[default]',
      'region = eu-west-1',
      'aws_access_key_id = AKIDDEFAULT',
      'AWS_Secret_Access_Key=secretdefault',
      'max_attempts = 7',
      's3 =',
      '  addressing_style = path',
      '[profile ci]',
      'role_arn = arn:aws:iam::1:role/x',
      'source_profile = default',
      'credential_process = /bin/keys',
      'endpoint_url = http://127.0.0.1:9000',
      'sso_session = corp',
      '[sso-session corp]',
      'sso_start_url = https://corp.example/start',
      '[services local]',
      'sts =',
      '  endpoint_url = http://127.0.0.1:9000',
      '',
    ].join('\n');
    expect(configWithoutCredentials(config)).toBe(
      [
        '# my settings',
        '[default]',
        'region = eu-west-1',
        'max_attempts = 7',
        's3 =',
        '  addressing_style = path',
        '[profile ci]',
        'endpoint_url = http://127.0.0.1:9000',
        '[sso-session corp]',
        '[services local]',
        'sts =',
        '  endpoint_url = http://127.0.0.1:9000',
        '',
      ].join('\n'),
    );
  });

  it('an indented key (a setting of its own for the JavaScript SDK) and the continuation of a dropped one are dropped', () => {
    expect(configWithoutCredentials('[default]\nregion = x\n  aws_session_token = T\naws_secret_access_key = S\n  more\nregion2 = y')).toBe('[default]\nregion = x\nregion2 = y');
  });
});

describe('mcHostSecretVariables (pure)', () => {
  it('names every MC_HOST_* with keys in it (or unreadable), and nothing else', () => {
    const env = {
      MC_HOST_prod: 'https://AKID:secret@minio.example',
      MC_HOST_tok: 'https://AKID:secret:token@minio.example',
      MC_HOST_user: 'https://AKID@minio.example',
      MC_HOST_bad: 'not a url %zz',
      MC_HOST_anon: 'https://play.min.io',
      MC_HOSTS: 'x',
      PATH: '/bin',
    };
    expect(mcHostSecretVariables(env).sort()).toEqual(['MC_HOST_bad', 'MC_HOST_prod', 'MC_HOST_tok', 'MC_HOST_user']);
    expect(Object.keys(childEnvironment(env, [], mcHostSecretVariables(env))).sort()).toEqual(['MC_HOSTS', 'MC_HOST_anon', 'PATH']);
  });
});
