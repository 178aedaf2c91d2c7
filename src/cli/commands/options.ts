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
  debug?: boolean | undefined;
  /** `true` with `--cache`, `false` with `--no-cache`, undefined when neither was given. */
  cache?: boolean | undefined;
  bucket?: string | undefined;
  duration?: string | undefined;
  unset?: boolean | undefined;
}

/** `sts-creds assume-role` options, as commander hands them over. */
export interface AssumeRoleCliOptions extends CommonOptions {
  user?: string | undefined;
  password?: string | undefined;
  passwordStdin?: boolean | undefined;
  passwordFile?: string | undefined;
  passwordEnv?: string | undefined;
  policy?: string | undefined;
  policyFile?: string | undefined;
  display?: boolean | undefined;
  roleArn?: string | undefined;
  roleSessionName?: string | undefined;
  externalId?: string | undefined;
}

/** `sts-creds custom-token` options. */
export interface CustomTokenCliOptions extends CommonOptions {
  token?: string | undefined;
  tokenFile?: string | undefined;
  tokenStdin?: boolean | undefined;
  tokenEnv?: string | undefined;
  roleArn?: string | undefined;
}
