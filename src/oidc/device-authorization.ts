/**
 * The device authorization grant (RFC 8628): ask for a device and user code, show the person where to enter
 * it, then poll the token endpoint at the provider's interval, slowing down when told to, until the person
 * allows or denies the sign-in or the code expires. Time is injected, so tests never wait.
 */
import { serverText } from '../text/server-text.js';
import { OidcError } from './oidc-error.js';
import { clientAuthentication, clientSecrets, type OidcClient } from './oidc-client.js';
import type { ProviderMetadata } from './discover-provider.js';
import { endpointLabel, providerError, providerRequest, type ProviderHttpOptions } from './provider-http.js';
import { parseTokenAnswer, postTokenRequest, type TokenSet } from './token-endpoint.js';

/** What the person is shown, and what the poller needs. */
export interface DeviceAuthorization {
  deviceCode: string;
  /** The code the person enters (escaped: it is shown on a terminal). */
  userCode: string;
  /** Where to enter it (escaped). */
  verificationUri: string;
  /** The same with the code filled in, when the provider gives one (escaped). */
  verificationUriComplete: string | undefined;
  /** Seconds the codes live. */
  expiresIn: number;
  /** Seconds between polls. */
  interval: number;
}

/** The clock and the wait the poller uses. */
export interface PollTiming {
  /** Milliseconds since the epoch. */
  now: () => number;
  sleep: (ms: number) => Promise<void>;
}

const STEP = 'OpenID device authorization';
/** RFC 8628 3.2: 5 seconds when the provider names no interval; 3.5: 5 more on every `slow_down`. */
const DEFAULT_INTERVAL_S = 5;
const SLOW_DOWN_S = 5;
/** A provider asking for longer waits than this is not waited on. */
const MAX_INTERVAL_S = 60;

/** Reads a device authorization answer. Pure. @throws {@link OidcError} (`bad-response`) */
export function parseDeviceAuthorization(json: unknown, url: URL): DeviceAuthorization {
  const doc = typeof json === 'object' && json !== null && !Array.isArray(json) ? (json as Record<string, unknown>) : {};
  const bad = (field: string): OidcError => new OidcError(`${STEP} failed: ${field} in the answer is missing or invalid [${endpointLabel(url)}]`, { reason: 'bad-response' });
  const str = (field: string, required: boolean): string | undefined => {
    const value = doc[field];
    if (value === undefined && !required) return undefined;
    if (typeof value !== 'string' || value === '') throw bad(field);
    return value;
  };
  const uri = (field: string, required: boolean): string | undefined => {
    const value = str(field, required);
    if (value === undefined) return undefined;
    try {
      const parsed = new URL(value);
      if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw bad(field);
    } catch {
      throw bad(field);
    }
    return serverText(value);
  };
  const expiresIn = doc.expires_in;
  if (typeof expiresIn !== 'number' || !(expiresIn > 0)) throw bad('expires_in');
  const interval = doc.interval === undefined ? DEFAULT_INTERVAL_S : doc.interval;
  if (typeof interval !== 'number' || !(interval >= 0)) throw bad('interval');
  return {
    deviceCode: str('device_code', true)!,
    userCode: serverText(str('user_code', true)!),
    verificationUri: uri('verification_uri', true)!,
    verificationUriComplete: uri('verification_uri_complete', false),
    expiresIn,
    interval: Math.min(Math.max(interval, 1), MAX_INTERVAL_S),
  };
}

/**
 * Asks the provider for a device code.
 * @throws {@link OidcError} (`unsupported` when the provider has no device endpoint), {@link StsTransportError}
 */
export async function startDeviceAuthorization(
  provider: ProviderMetadata,
  client: OidcClient,
  scopes: readonly string[],
  http: ProviderHttpOptions = {},
): Promise<DeviceAuthorization> {
  const url = provider.deviceAuthorizationEndpoint;
  if (!url) throw new OidcError(`the provider ${serverText(provider.issuer)} offers no device authorization endpoint: sign in with the browser instead`, { reason: 'unsupported' });
  const auth = clientAuthentication(client);
  const secrets = clientSecrets(client);
  const answer = await providerRequest(STEP, url, { ...http, form: { ...auth.form, scope: scopes.join(' ') }, headers: auth.headers, secrets });
  if (answer.statusCode !== 200) throw providerError(STEP, url, answer, secrets);
  return parseDeviceAuthorization(answer.json, url);
}

/**
 * Polls the token endpoint until the person has answered: tokens when they allowed the sign-in.
 * @throws {@link OidcError}: `access-denied`, `expired` (the code ran out), `provider` for other errors
 */
export async function pollDeviceToken(
  provider: ProviderMetadata,
  client: OidcClient,
  device: DeviceAuthorization,
  timing: PollTiming,
  http: ProviderHttpOptions = {},
): Promise<TokenSet> {
  const deadline = timing.now() + device.expiresIn * 1000;
  let interval = device.interval;
  const grant = { grant_type: 'urn:ietf:params:oauth:grant-type:device_code', device_code: device.deviceCode };
  const secrets = [device.deviceCode, ...clientSecrets(client)];
  for (;;) {
    await timing.sleep(interval * 1000);
    if (timing.now() >= deadline) throw new OidcError('the device code expired before the sign-in was completed: run the login again', { reason: 'expired' });
    const answer = await postTokenRequest(provider, client, grant, secrets, http);
    if (answer.statusCode === 200) return parseTokenAnswer(answer.json, provider.tokenEndpoint);
    const error = providerError('OpenID device token request', provider.tokenEndpoint, answer, secrets);
    switch (error.oauthError) {
      case 'authorization_pending':
        continue;
      case 'slow_down':
        interval = Math.min(interval + SLOW_DOWN_S, MAX_INTERVAL_S);
        continue;
      case 'access_denied':
        throw new OidcError('the sign-in was refused at the provider (access_denied)', { reason: 'access-denied', oauthError: 'access_denied' });
      case 'expired_token':
        throw new OidcError('the device code expired before the sign-in was completed: run the login again', { reason: 'expired', oauthError: 'expired_token' });
      default:
        throw error;
    }
  }
}
