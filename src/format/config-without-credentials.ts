/**
 * Settings of the AWS config file that make an SDK or the AWS CLI take credentials from somewhere: keys,
 * a process, a role to assume (and the profile or source it chains from), a web-identity token file,
 * IAM Identity Center (SSO) and console log-in sessions. Lower-case, as the tools compare them.
 */
export const CREDENTIAL_SETTINGS: ReadonlySet<string> = new Set([
  'aws_access_key_id',
  'aws_secret_access_key',
  'aws_session_token',
  'aws_security_token',
  'credential_process',
  'credential_source',
  'source_profile',
  'role_arn',
  'web_identity_token_file',
  'sso_session',
  'sso_start_url',
  'sso_region',
  'sso_account_id',
  'sso_role_name',
  'login_session',
]);

/**
 * The text of an AWS config file with every credential setting ({@link CREDENTIAL_SETTINGS}) taken out of
 * every section, continuation lines of a removed setting included; sections, comments, `region`,
 * `endpoint_url`, `services` and every other setting stay as written. Pure.
 *
 * @example
 * ```ts
 * configWithoutCredentials('[default]\nregion = eu-west-1\naws_access_key_id = AKID\n'); // '[default]\nregion = eu-west-1\n'
 * ```
 */
export function configWithoutCredentials(text: string): string {
  const out: string[] = [];
  let dropping = false;
  for (const line of text.split(/\r?\n/)) {
    const key = /^\s*([^=[#;\s][^=]*?)\s*=/.exec(line)?.[1]?.toLowerCase();
    // An indented line continues the setting above it for botocore (`s3 =` then `  addressing_style = path`),
    // but is a setting of its own for the JavaScript SDK: a credential key is dropped either way, and so is
    // whatever continues a dropped setting.
    const continuation = /^[ \t]+\S/.test(line);
    if (key !== undefined && CREDENTIAL_SETTINGS.has(key)) dropping = true;
    else if (!continuation) dropping = false;
    if (!dropping) out.push(line);
  }
  return out.join('\n');
}
