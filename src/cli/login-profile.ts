/**
 * Whether a profile is a login profile (`sts-creds login`), and the profile keys of one. Kept free of imports
 * so that every credential command can ask without loading the OpenID code (start-up time).
 */
import type { ConfiguredSettings } from './inputs/configured.js';

/** The profile keys. */
export const LOGIN_KEYS = {
  method: 'sts_creds_method',
  issuer: 'sts_creds_oidc_issuer',
  clientId: 'sts_creds_oidc_client_id',
  scopes: 'sts_creds_oidc_scopes',
  clientSecretFile: 'sts_creds_oidc_client_secret_file',
  clientSecretEnv: 'sts_creds_oidc_client_secret_env',
} as const;

/** True when the profile is a login profile: `sts_creds_method = login`, or an issuer without another method. Pure. */
export function isLoginProfile(configured: ConfiguredSettings | undefined): boolean {
  if (!configured) return false;
  const method = configured.raw[LOGIN_KEYS.method];
  return method === 'login' || (method === undefined && Boolean(configured.raw[LOGIN_KEYS.issuer]));
}
