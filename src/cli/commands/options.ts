/** Options every credential-producing command takes. */
export interface CommonOptions {
  endpoint?: string | undefined;
  region?: string | undefined;
  output?: 'text' | 'json' | undefined;
  timeout?: string | undefined;
  debug?: boolean | undefined;
}

/** `sts-creds assume-role` options, as commander hands them over. */
export interface AssumeRoleCliOptions extends CommonOptions {
  user?: string | undefined;
  password?: string | undefined;
  passwordStdin?: boolean | undefined;
  passwordFile?: string | undefined;
  duration?: string | undefined;
  policy?: string | undefined;
  policyFile?: string | undefined;
  display?: boolean | undefined;
  bucket?: string | undefined;
  roleArn?: string | undefined;
  roleSessionName?: string | undefined;
  externalId?: string | undefined;
}

/** `sts-creds custom-token` options. */
export interface CustomTokenCliOptions extends CommonOptions {
  token?: string | undefined;
  tokenFile?: string | undefined;
  tokenStdin?: boolean | undefined;
  roleArn?: string | undefined;
  duration?: string | undefined;
  bucket?: string | undefined;
}
