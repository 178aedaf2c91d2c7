/**
 * What a credential method asks for, as its table row resolves it: the action, every parameter that is
 * no secret, and the secret ones, read only when the request is sent. The command sends it through
 * `client.call`; the cache key is every parameter but the secret, so no row can leave one out.
 */
import type { CacheKeyParts } from '../cache/cache-key.js';
import { hashSecret } from '../cache/cache-key.js';
import type { StsClient } from '../client/sts-client.js';
import type { AnyStsActionSpec, ParamsOf } from '../sts/action.js';
import { STS_ACTIONS, type StsAction, type StsResult } from '../sts/registry.js';
import type { ClientCertificate } from './inputs/client-certificate.js';
import { explainTemporarySigner } from './temporary-signer.js';

/** The parameters of action `A`. */
export type ActionParams<A extends StsAction> = ParamsOf<(typeof STS_ACTIONS)[A]>;

/** One method's request for action `A`. */
export interface ActionRequest<A extends StsAction> {
  action: A;
  /** Every parameter that is no secret: all of them shape the answer, and all of them key the cache. */
  params: Partial<ActionParams<A>>;
  /**
   * The secret parameters (signing keys, a password, a token, an MFA code), read or asked for when the request is
   * sent, each time: a token file is read again. `client` is the one the request goes through (a `source_profile`
   * chain takes its roles with it first).
   */
  secret(client: StsClient): Promise<Partial<ActionParams<A>>>;
  /** Who the credentials are for: a name, or a secret (a token, a certificate) the cache keys on only by hash. */
  principal: { name: string } | { secret: string };
  /** The secret, when the run was given it outright: a cache entry must have been made with it. */
  knownSecret?: string | undefined;
  /** The session token that came with the signing keys: a refusal then says they are temporary credentials. */
  signerSessionToken?: string | undefined;
  /** TLS client material (certificate only). */
  clientCertificate?: ClientCertificate | undefined;
}

/** Any method's request. */
export type MethodRequest = { [A in StsAction]: ActionRequest<A> }[StsAction];

/** Sends a request: the one library call, with its secrets read now. */
export async function sendRequest(client: StsClient, request: MethodRequest): Promise<StsResult> {
  const params = { ...request.params, ...(await request.secret(client)) };
  // The pairing of action and parameters is the request's own (ActionRequest<A>); TypeScript cannot follow it through the union.
  const spec: AnyStsActionSpec = STS_ACTIONS[request.action];
  return explainTemporarySigner(request.signerSessionToken, async () => (await client.call(spec, params)) as StsResult);
}

/** A parameter as the cache key holds it: strings and numbers as they are, anything else (tags, lists, objects) as JSON. Pure. */
function keyValue(value: unknown): string | number | undefined {
  if (value === undefined || typeof value === 'string' || typeof value === 'number') return value;
  return JSON.stringify(value);
}

/** The cache key of a request to `endpoint` in `region`: the action, the principal and every parameter that is no secret. Pure. */
export function requestCacheKey(request: MethodRequest, endpoint: string, region: string): CacheKeyParts {
  const principal = 'name' in request.principal ? request.principal.name : hashSecret(request.principal.secret);
  const params: Record<string, string | number | undefined> = {};
  for (const [name, value] of Object.entries(request.params)) params[name] = keyValue(value);
  const role = params.roleArn;
  // The label `cache list` shows: the user name when the request names one (never a token's hash) and the role ARN.
  const label = {
    endpoint,
    region,
    user: 'name' in request.principal ? request.principal.name : undefined,
    role: typeof role === 'string' && role !== '' ? role : undefined,
  };
  return { action: request.action, principal, params, endpoint, region, label };
}
