/**
 * The credential methods, one row each: the command's name, aliases, help, option set and runner.
 * The program (every mode: plain output, `env`, `exec`) is built from this table, and the run resolves
 * inputs through the row; nothing else in the CLI names a method. A new STS action is a new row.
 */
import { isValidAccessKeyId } from '../sts/validate.js';
import { CliUsageError } from './errors.js';
import { resolveClientCertificate } from './inputs/client-certificate.js';
import { ENV } from './inputs/environment.js';
import { parseTagFlags, resolvePolicy } from './inputs/parameters.js';
import { resolveMfaCode, resolveTokenSource } from './inputs/secrets.js';
import { parseSourcedDuration, valueOf, type RunSettings } from './inputs/settings.js';
import { keyringSigningKeys, resolveSigningKeys } from './inputs/signing-keys.js';
import type { CliIo } from './io.js';
import { isLoginProfile } from './login-profile.js';
import type { MethodRequest } from './method-request.js';
import { POLICY_OPTIONS, tokenOptions, userPasswordPolicyOptions, type CredentialCliOptions, type OptionSpec } from './options.js';
import type { Redactor } from './redact.js';

/** A row of the table. */
export interface CredentialMethod {
  name: string;
  aliases: readonly string[];
  description: string;
  /** The method `env` and `exec` use when none is named. */
  isDefault?: boolean;
  /** The method's own options, before the common ones. */
  options: readonly OptionSpec[];
  /**
   * Resolves the method's own options and settings (secrets, parameters, files) into what to send: the action,
   * its parameters and its secret. Sends nothing.
   */
  resolve(opts: CredentialCliOptions, settings: RunSettings, io: CliIo, redactor: Redactor): Promise<MethodRequest>;
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
  ...POLICY_OPTIONS,
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
    async resolve(opts, settings, io, redactor) {
      const { configured } = settings;
      if (opts.keyring !== undefined && opts.user) throw new CliUsageError('use only one of -u/--user, --keyring (the keyring entry holds the access key)');
      const keys =
        (await keyringSigningKeys(opts, configured, 'access-key', io, redactor)) ??
        resolveSigningKeys(opts, configured, 'access-key', (user) => `Password for ${user}: `, io, redactor);
      const user = keys.user;
      // The access key travels in the Authorization header, where HTTP forbids control and non-ASCII characters.
      if (!isValidAccessKeyId(user)) throw new CliUsageError('invalid -u/--user: an access key is printable ASCII without spaces (no control or non-ASCII characters)');
      const serial = settings.get('serialNumber');
      const serialNumber = valueOf(serial);
      const tokenCode = resolveMfaCode(serial, opts.tokenCode, io);
      // A source_profile chain: each role between the root's keys and the named profile signs the next call.
      const between = configured?.chainRoles ?? [];
      return {
        action: 'AssumeRole',
        // The roles on the way are part of who the credentials are for: they key the cache.
        principal: { name: between.length > 0 ? [user, ...between.map((role) => role.roleArn)].join(' -> ') : user },
        params: {
          durationSeconds: parseSourcedDuration(settings.get('duration')),
          policy: await resolvePolicy(opts),
          roleArn: valueOf(settings.get('roleArn')),
          roleSessionName: valueOf(settings.get('roleSessionName')),
          externalId: valueOf(settings.get('externalId')),
          serialNumber,
          tags: parseTagFlags(opts.tag),
          transitiveTagKeys: opts.transitiveTagKey,
          policyArns: opts.policyArn,
          sourceIdentity: opts.sourceIdentity,
        },
        knownSecret: keys.secret.known,
        signerSessionToken: keys.sessionToken,
        secret: async (client) => {
          let credentials = { accessKeyId: user, secretAccessKey: await keys.secret(), sessionToken: keys.sessionToken };
          for (const role of between) {
            const hop = await client.assumeRole({ credentials, roleArn: role.roleArn, roleSessionName: role.roleSessionName, externalId: role.externalId });
            redactor.add(hop.secretAccessKey);
            redactor.add(hop.sessionToken);
            credentials = { accessKeyId: hop.accessKeyId, secretAccessKey: hop.secretAccessKey, sessionToken: hop.sessionToken };
          }
          return { credentials, tokenCode: await tokenCode?.() };
        },
      };
    },
  },
  {
    name: 'custom-token',
    aliases: ['assume-role-with-custom-token'],
    description: "get credentials with AssumeRoleWithCustomToken (a token checked by MinIO's identity plugin)",
    options: tokenOptions('token for the identity plugin', '', "the identity plugin's role ARN (env STS_CREDS_ROLE_ARN)"),
    async resolve(opts, settings, io, redactor) {
      const durationSeconds = parseSourcedDuration(settings.get('duration'));
      const roleArn = valueOf(settings.get('customTokenRoleArn'));
      if (!roleArn) throw new CliUsageError(`no role ARN: use -r/--role-arn or set ${ENV.roleArn}`);
      const { token, forCall } = await resolveTokenSource(opts, io, redactor, settings.get('tokenFile'));
      return {
        action: 'AssumeRoleWithCustomToken',
        principal: { secret: token },
        params: { roleArn, durationSeconds },
        secret: async () => ({ token: await forCall() }),
      };
    },
  },
  {
    name: 'ldap',
    aliases: ['assume-role-with-ldap-identity'],
    description: 'get credentials with AssumeRoleWithLDAPIdentity (an LDAP user name and password)',
    options: [
      ...userPasswordPolicyOptions('LDAP user name, as the server searches for it', 'LDAP password'),
      { flags: '-r, --role-arn <arn>', description: `role to assume (SeaweedFS requires one; ignored by MinIO; env ${ENV.roleArn})` },
      { flags: '--role-session-name <name>', description: 'session name (SeaweedFS; ignored by MinIO; default sts-creds-<time> with a role ARN)' },
    ],
    async resolve(opts, settings, io, redactor) {
      const { configured } = settings;
      const { user: username, secret: password } =
        (await keyringSigningKeys(opts, configured, 'ldap', io, redactor)) ??
        resolveSigningKeys(opts, configured, 'ldap', (user) => `LDAP password for ${user}: `, io, redactor);
      return {
        action: 'AssumeRoleWithLDAPIdentity',
        principal: { name: username },
        params: {
          username,
          durationSeconds: parseSourcedDuration(settings.get('duration')),
          policy: await resolvePolicy(opts),
          roleArn: valueOf(settings.get('ldapRoleArn')),
          roleSessionName: valueOf(settings.get('roleSessionName')),
        },
        knownSecret: password.known,
        secret: async () => ({ password: await password() }),
      };
    },
  },
  {
    name: 'web-identity',
    aliases: ['assume-role-with-web-identity'],
    description: 'get credentials with AssumeRoleWithWebIdentity (an OpenID Connect ID token)',
    options: webTokenOptions(true),
    async resolve(opts, settings, io, redactor) {
      const params = {
        roleArn: valueOf(settings.get('webIdentityRoleArn')),
        roleSessionName: valueOf(settings.get('webIdentityRoleSessionName')),
        durationSeconds: parseSourcedDuration(settings.get('duration')),
        policy: await resolvePolicy(opts),
      };
      // A login profile (`sts-creds login`): the kept login's ID token, refreshed silently at each call.
      // Loaded only for a login profile: the OpenID code brings node:crypto and the HTTP stack.
      const { configured } = settings;
      const login = isLoginProfile(configured) ? await (await import('./login-token.js')).loginTokenFor(opts, configured, io, redactor) : undefined;
      if (login) {
        return { action: 'AssumeRoleWithWebIdentity', principal: login.principal, params, secret: async () => ({ webIdentityToken: await login.token() }) };
      }
      const { token, forCall } = await resolveTokenSource(opts, io, redactor, settings.get('webIdentityTokenFile'), true);
      return {
        action: 'AssumeRoleWithWebIdentity',
        principal: { secret: token },
        params,
        secret: async () => ({ webIdentityToken: await forCall() }),
      };
    },
  },
  {
    name: 'client-grants',
    aliases: ['assume-role-with-client-grants'],
    description: 'get credentials with AssumeRoleWithClientGrants (an access token, MinIO)',
    options: webTokenOptions(false),
    async resolve(opts, settings, io, redactor) {
      const params = { roleArn: valueOf(settings.get('roleArn')), durationSeconds: parseSourcedDuration(settings.get('duration')), policy: await resolvePolicy(opts) };
      const { token, forCall } = await resolveTokenSource(opts, io, redactor, settings.get('tokenFile'));
      return { action: 'AssumeRoleWithClientGrants', principal: { secret: token }, params, secret: async () => ({ token: await forCall() }) };
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
    async resolve(opts, settings, io, redactor) {
      const durationSeconds = parseSourcedDuration(settings.get('duration'));
      const clientCertificate = await resolveClientCertificate(opts, io, redactor);
      return {
        action: 'AssumeRoleWithCertificate',
        // The certificate is public; its hash tells identities apart without putting it in the file name.
        principal: { secret: clientCertificate.cert ?? clientCertificate.pfx?.toString('base64') ?? '' },
        params: { durationSeconds },
        clientCertificate,
        secret: () => Promise.resolve({}),
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
