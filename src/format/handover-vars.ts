import type { TemporaryCredentials } from '../types.js';
import { CREDENTIAL_VARIABLES, credentialVariables } from './credential-vars.js';
import { assertMcAlias, mcHostUrl } from './render-files.js';
import { UnrepresentableValueError } from './shell-posix.js';

/** Where the credentials are valid, handed over with them by `env` and `exec`. */
export interface Destination {
  /** The S3 endpoint the credentials are for; undefined when it is not to be exported (`--no-export-endpoint`) or none is known. */
  endpoint: URL | undefined;
  /** The region the STS call was signed for. */
  region: string;
  /** `--mc-alias NAME`: also set `MC_HOST_NAME` for MinIO's client. */
  mcAlias?: string | undefined;
}

/** The variables that say where the credentials are valid, in output order. */
export const DESTINATION_VARIABLES = ['AWS_ENDPOINT_URL', 'AWS_REGION', 'AWS_DEFAULT_REGION'] as const;

/**
 * True for AWS's own hosts (`sts.amazonaws.com`, `sts.eu-west-1.amazonaws.com`, `*.amazonaws.com.cn`,
 * `*.api.aws`): there the STS endpoint is not where S3 lives, and `AWS_ENDPOINT_URL` would send every
 * service's calls to the STS host. Pure.
 */
export function isAwsHost(endpoint: URL): boolean {
  return /(?:^|\.)(?:amazonaws\.com|amazonaws\.com\.cn|api\.aws)$/i.test(endpoint.hostname.replace(/\.$/, ''));
}

/** The endpoint as `AWS_ENDPOINT_URL` carries it: scheme, host, port and any path, never user-info. Pure. */
export function endpointVariable(endpoint: URL): string {
  return endpoint.pathname === '/' ? endpoint.origin : `${endpoint.origin}${endpoint.pathname.replace(/\/$/, '')}`;
}

/**
 * The destination variables: `AWS_ENDPOINT_URL` (unless the endpoint is not exported, or is one of AWS's own
 * hosts), `AWS_REGION`, `AWS_DEFAULT_REGION`. Pure.
 */
export function destinationVariables(destination: Destination): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  if (destination.endpoint && !isAwsHost(destination.endpoint)) out.push(['AWS_ENDPOINT_URL', endpointVariable(destination.endpoint)]);
  out.push(['AWS_REGION', destination.region], ['AWS_DEFAULT_REGION', destination.region]);
  return out;
}

/**
 * Everything `env` prints and `exec` gives its command: the four credential variables, the destination
 * variables, and with an mc alias `MC_HOST_<alias>` (mc's URL form; it needs the endpoint, exported or not). Pure.
 * @param endpoint - the S3 endpoint, for `MC_HOST_<alias>`
 * @throws {@link UnrepresentableValueError} for an unusable alias, keys mc's URL form cannot carry, or no S3 endpoint
 */
export function handoverVariables(creds: TemporaryCredentials, destination: Destination, endpoint: URL | undefined): Array<[string, string]> {
  const out = [...credentialVariables(creds), ...destinationVariables(destination)];
  if (destination.mcAlias !== undefined) {
    assertMcAlias(destination.mcAlias);
    if (!endpoint) throw new UnrepresentableValueError(`MC_HOST_${destination.mcAlias} needs the S3 endpoint, and none is known`);
    out.push([`MC_HOST_${destination.mcAlias}`, mcHostUrl(creds, endpoint)]);
  }
  return out;
}

/** The names {@link handoverVariables} sets, for `env --unset`. Pure. */
export function handoverNames(mcAlias: string | undefined): string[] {
  const names: string[] = [...CREDENTIAL_VARIABLES, ...DESTINATION_VARIABLES];
  if (mcAlias !== undefined) {
    assertMcAlias(mcAlias);
    names.push(`MC_HOST_${mcAlias}`);
  }
  return names;
}
