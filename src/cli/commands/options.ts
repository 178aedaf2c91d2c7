/** Output formats of the credential commands (`-o`). */
export const OUTPUT_FORMATS = ['text', 'json', 'env', 'credential-process', 'dotenv', 'ini', 'mc'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** Options every credential-producing command takes. */
export interface CommonOptions {
  endpoint?: string | undefined;
  region?: string | undefined;
  output?: OutputFormat | undefined;
  shell?: string | undefined;
  profile?: string | undefined;
  alias?: string | undefined;
  timeout?: string | undefined;
  /** `--retries <n>`: retries after the first attempt. */
  retries?: string | undefined;
  /** `--ca-bundle <file>` (else `AWS_CA_BUNDLE`): CA certificates to trust instead of Node's built-in list. */
  caBundle?: string | undefined;
  /** `--insecure`: skip TLS certificate verification. */
  insecure?: boolean | undefined;
  debug?: boolean | undefined;
  /** `true` with `--cache`, `false` with `--no-cache`, undefined when neither was given. */
  cache?: boolean | undefined;
  bucket?: string | undefined;
  duration?: string | undefined;
  unset?: boolean | undefined;
}

/** A user, the ways of giving its password, and a session policy (assume-role and ldap). */
export interface UserPasswordPolicyOptions {
  user?: string | undefined;
  password?: string | undefined;
  passwordStdin?: boolean | undefined;
  passwordFile?: string | undefined;
  passwordEnv?: string | undefined;
  policy?: string | undefined;
  policyFile?: string | undefined;
}

/** `sts-creds assume-role` options, as commander hands them over. */
export interface AssumeRoleCliOptions extends CommonOptions, UserPasswordPolicyOptions {
  display?: boolean | undefined;
  roleArn?: string | undefined;
  roleSessionName?: string | undefined;
  externalId?: string | undefined;
  serialNumber?: string | undefined;
  tokenCode?: string | undefined;
  /** `--tag KEY=VALUE`, repeatable. */
  tag?: string[] | undefined;
  /** `--transitive-tag-key KEY`, repeatable. */
  transitiveTagKey?: string[] | undefined;
  /** `--policy-arn ARN`, repeatable. */
  policyArn?: string[] | undefined;
  sourceIdentity?: string | undefined;
}

/** `sts-creds custom-token` options. */
export interface CustomTokenCliOptions extends CommonOptions {
  token?: string | undefined;
  tokenFile?: string | undefined;
  tokenStdin?: boolean | undefined;
  tokenEnv?: string | undefined;
  roleArn?: string | undefined;
}

/** `sts-creds ldap` options. */
export type LdapCliOptions = CommonOptions & UserPasswordPolicyOptions;

/** `sts-creds web-identity` and `sts-creds client-grants` options. */
export interface WebTokenCliOptions extends CommonOptions {
  token?: string | undefined;
  tokenFile?: string | undefined;
  tokenStdin?: boolean | undefined;
  tokenEnv?: string | undefined;
  roleArn?: string | undefined;
  /** web-identity only. */
  roleSessionName?: string | undefined;
  policy?: string | undefined;
  policyFile?: string | undefined;
}

/** `sts-creds certificate` options. */
export interface CertificateCliOptions extends CommonOptions {
  cert?: string | undefined;
  key?: string | undefined;
  pfx?: string | undefined;
  passphraseEnv?: string | undefined;
}
