/**
 * The credential methods, one row each: the command's name, aliases, help, option set and runner.
 * The program (every mode: plain output, `env`, `exec`) is built from this table, and the run resolves
 * inputs through the row; nothing else in the CLI names a method. A new STS action is a new row.
 */
import type { StsClient } from '../client/sts-client.js';
import { isValidAccessKeyId } from '../sts/validate.js';
import type { StsAction, StsResult } from '../sts/registry.js';
import { CliUsageError } from './errors.js';
import { resolveClientCertificate, type ClientCertificate } from './inputs/client-certificate.js';
import type { ConfiguredSettings } from './inputs/configured.js';
import { ENV, envValue } from './inputs/environment.js';
import { parseTagFlags, resolveDuration, resolvePolicy } from './inputs/parameters.js';
import { resolveMfaCode, resolveTokenSource } from './inputs/secrets.js';
import { keyringSigningKeys, resolveSigningKeys } from './inputs/signing-keys.js';
import type { CliIo } from './io.js';
import { SESSION_POLICY_OPTIONS, tokenOptions, userPasswordPolicyOptions, type CredentialCliOptions, type OptionSpec } from './options.js';
import type { Redactor } from './redact.js';

/** One method's request, resolved from its options: what the cache keys on, and how to send it. */
export interface MethodRequest {
  action: StsAction;
  /** Who the credentials are for: a name, or a secret (a token, a certificate) the cache keys on only by hash. */
  principal: { name: string } | { secret: string };
  /** Every other parameter that shapes the answer, for the cache key. */
  keyParams: Record<string, string | number | undefined>;
  /** TLS client material (certificate only). */
  clientCertificate?: ClientCertificate | undefined;
  /** Sends the request: the one library call. A secret left to a prompt is asked for now. */
  send(client: StsClient): Promise<StsResult>;
}

/** A row of the table. */
export interface CredentialMethod {
  name: string;
  aliases: readonly string[];
  description: string;
  /** The method `env` and `exec` use when none is named. */
  isDefault?: boolean;
  /** The method's own options, before the common ones. */
  options: readonly OptionSpec[];
  /** Resolves the method's own options (secrets, parameters, files) into its request. Sends nothing. */
  resolve(opts: CredentialCliOptions, io: CliIo, redactor: Redactor, configured?: ConfiguredSettings): Promise<MethodRequest>;
}

const webTokenOptions = (webIdentity: boolean): OptionSpec[] => [
  ...tokenOptions(
    `the ${webIdentity ? 'OpenID Connect ID token (JWT)' : 'access token (JWT)'}`,
    webIdentity ? ' (default AWS_WEB_IDENTITY_TOKEN_FILE)' : '',
    `role to assume (optional on MinIO${webIdentity ? '; env AWS_ROLE_ARN' : ''})`,
  ),
  ...(webIdentity
    ? [{ flags: '--role-session-name <name>', description: 'session name (AWS STS; env AWS_ROLE_SESSION_NAME; default sts-creds-<time> with a role ARN)' }]
    : []),
  ...SESSION_POLICY_OPTIONS,
];

/** The credential methods, in help order. */
export const CREDENTIAL_METHODS: readonly CredentialMethod[] = [
  {
    name: 'assume-role',
    aliases: [],
    description: 'get credentials with AssumeRole (your own access key and secret key)',
    isDefault: true,
    options: [
      ...userPasswordPolicyOptions('access key of the MinIO user', 'secret key of the user'),
      { flags: '--role-arn <arn>', description: 'role to assume (AWS STS; ignored by MinIO)' },
      { flags: '--role-session-name <name>', description: 'session name (AWS STS; ignored by MinIO)' },
      { flags: '--external-id <id>', description: 'external id (AWS STS; ignored by MinIO)' },
      { flags: '--serial-number <arn>', description: 'MFA device serial number or ARN (AWS STS); the code comes from --token-code or a prompt' },
      { flags: '--token-code <code>', description: 'the six-digit MFA code (AWS STS)' },
      { flags: '--tag <key=value>', description: 'session tag (AWS STS); repeatable', repeatable: true },
      { flags: '--transitive-tag-key <key>', description: 'session tag key that passes on to chained sessions (AWS STS); repeatable', repeatable: true },
      { flags: '--policy-arn <arn>', description: 'managed policy ARN used as a session policy (AWS STS); repeatable', repeatable: true },
      { flags: '--source-identity <id>', description: 'source identity of the role session (AWS STS)' },
    ],
    async resolve(opts, io, redactor, configured) {
      if (opts.keyring !== undefined && opts.user) throw new CliUsageError('use only one of -u/--user, --keyring (the keyring entry holds the access key)');
      const keys =
        (await keyringSigningKeys(opts, configured, 'access-key', io, redactor)) ??
        resolveSigningKeys(opts, configured, 'access-key', (user) => `Password for ${user}: `, io, redactor);
      const user = keys.user;
      // The access key travels in the Authorization header, where HTTP forbids control and non-ASCII characters.
      if (!isValidAccessKeyId(user)) throw new CliUsageError('invalid -u/--user: an access key is printable ASCII without spaces (no control or non-ASCII characters)');
      const durationSeconds = resolveDuration(opts.duration);
      const policy = await resolvePolicy(opts);
      const tags = parseTagFlags(opts.tag);
      const tokenCode = resolveMfaCode(opts.serialNumber, opts.tokenCode, io);
      const params = {
        durationSeconds,
        policy,
        roleArn: opts.roleArn,
        roleSessionName: opts.roleSessionName,
        externalId: opts.externalId,
        serialNumber: opts.serialNumber,
        tags,
        transitiveTagKeys: opts.transitiveTagKey,
        policyArns: opts.policyArn,
        sourceIdentity: opts.sourceIdentity,
      };
      // A source_profile chain: each role between the root's keys and the named profile signs the next call.
      const between = configured?.chainRoles ?? [];
      return {
        action: 'AssumeRole',
        principal: { name: user },
        keyParams: {
          ...params,
          tags: tags && JSON.stringify(tags.map((t) => [t.key, t.value])),
          transitiveTagKeys: opts.transitiveTagKey?.join('\n'),
          policyArns: opts.policyArn?.join('\n'),
          chain: between.length > 0 ? between.map((role) => role.roleArn).join('\n') : undefined,
        },
        send: async (client) => {
          let credentials = { accessKeyId: user, secretAccessKey: await keys.secret(), sessionToken: keys.sessionToken };
          for (const role of between) {
            const hop = await client.assumeRole({ credentials, roleArn: role.roleArn, roleSessionName: role.roleSessionName, externalId: role.externalId });
            redactor.add(hop.secretAccessKey);
            redactor.add(hop.sessionToken);
            credentials = { accessKeyId: hop.accessKeyId, secretAccessKey: hop.secretAccessKey, sessionToken: hop.sessionToken };
          }
          return client.assumeRole({ credentials, ...params, tokenCode: await tokenCode?.() });
        },
      };
    },
  },
  {
    name: 'custom-token',
    aliases: ['assume-role-with-custom-token'],
    description: "get credentials with AssumeRoleWithCustomToken (a token checked by MinIO's identity plugin)",
    options: tokenOptions('token for the identity plugin', '', "the identity plugin's role ARN (env STS_CREDS_ROLE_ARN)"),
    async resolve(opts, io, redactor) {
      const durationSeconds = resolveDuration(opts.duration);
      const roleArn = opts.roleArn || envValue(io.env, ENV.roleArn);
      if (!roleArn) throw new CliUsageError(`no role ARN: use -r/--role-arn or set ${ENV.roleArn}`);
      const { token, forCall } = await resolveTokenSource(opts, io, redactor);
      return {
        action: 'AssumeRoleWithCustomToken',
        principal: { secret: token },
        keyParams: { roleArn, durationSeconds },
        send: async (client) => client.assumeRoleWithCustomToken({ token: await forCall(), roleArn, durationSeconds }),
      };
    },
  },
  {
    name: 'ldap',
    aliases: ['assume-role-with-ldap-identity'],
    description: 'get credentials with AssumeRoleWithLDAPIdentity (an LDAP user name and password)',
    options: userPasswordPolicyOptions('LDAP user name, as MinIO searches for it', 'LDAP password'),
    async resolve(opts, io, redactor, configured) {
      const { user: username, secret: password } =
        (await keyringSigningKeys(opts, configured, 'ldap', io, redactor)) ??
        resolveSigningKeys(opts, configured, 'ldap', (user) => `LDAP password for ${user}: `, io, redactor);
      const durationSeconds = resolveDuration(opts.duration);
      const policy = await resolvePolicy(opts);
      return {
        action: 'AssumeRoleWithLDAPIdentity',
        principal: { name: username },
        keyParams: { durationSeconds, policy },
        send: async (client) => client.assumeRoleWithLdapIdentity({ username, password: await password(), durationSeconds, policy }),
      };
    },
  },
  {
    name: 'web-identity',
    aliases: ['assume-role-with-web-identity'],
    description: 'get credentials with AssumeRoleWithWebIdentity (an OpenID Connect ID token)',
    options: webTokenOptions(true),
    async resolve(opts, io, redactor) {
      const params = {
        roleArn: opts.roleArn || envValue(io.env, ENV.awsRoleArn),
        roleSessionName: opts.roleSessionName || envValue(io.env, ENV.awsRoleSessionName),
        durationSeconds: resolveDuration(opts.duration),
        policy: await resolvePolicy(opts),
      };
      const { token, forCall } = await resolveTokenSource(opts, io, redactor, true);
      return {
        action: 'AssumeRoleWithWebIdentity',
        principal: { secret: token },
        keyParams: params,
        send: async (client) => client.assumeRoleWithWebIdentity({ webIdentityToken: await forCall(), ...params }),
      };
    },
  },
  {
    name: 'client-grants',
    aliases: ['assume-role-with-client-grants'],
    description: 'get credentials with AssumeRoleWithClientGrants (an access token, MinIO)',
    options: webTokenOptions(false),
    async resolve(opts, io, redactor) {
      const params = { roleArn: opts.roleArn || undefined, durationSeconds: resolveDuration(opts.duration), policy: await resolvePolicy(opts) };
      const { token, forCall } = await resolveTokenSource(opts, io, redactor);
      const send = async (client: StsClient): Promise<StsResult> => client.assumeRoleWithClientGrants({ token: await forCall(), ...params });
      return { action: 'AssumeRoleWithClientGrants', principal: { secret: token }, keyParams: params, send };
    },
  },
  {
    name: 'certificate',
    aliases: ['assume-role-with-certificate'],
    description: 'get credentials with AssumeRoleWithCertificate (a TLS client certificate, MinIO)',
    options: [
      { flags: '--cert <file>', description: 'TLS client certificate (PEM); its subject CN names the MinIO policy' },
      { flags: '--key <file>', description: 'private key of --cert (PEM)' },
      { flags: '--pfx <file>', description: 'client certificate and key as one PKCS#12 file, instead of --cert and --key' },
      { flags: '--passphrase-env <name>', description: 'read the passphrase of --key or --pfx from this environment variable' },
    ],
    async resolve(opts, io, redactor) {
      const durationSeconds = resolveDuration(opts.duration);
      const clientCertificate = await resolveClientCertificate(opts, io, redactor);
      return {
        action: 'AssumeRoleWithCertificate',
        // The certificate is public; its hash tells identities apart without putting it in the file name.
        principal: { secret: clientCertificate.cert ?? clientCertificate.pfx?.toString('base64') ?? '' },
        keyParams: { durationSeconds },
        clientCertificate,
        send: (client) => client.assumeRoleWithCertificate({ durationSeconds }),
      };
    },
  },
];

/** The row named `name` (a method's name, not an alias). */
export function methodNamed(name: string): CredentialMethod {
  const method = CREDENTIAL_METHODS.find((m) => m.name === name);
  if (!method) throw new CliUsageError(`unknown command '${name}'`);
  return method;
}
