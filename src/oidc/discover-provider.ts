/**
 * OpenID Provider discovery: `<issuer>/.well-known/openid-configuration`, read bounded and checked to name
 * the same issuer (OpenID Connect Discovery 1.0, section 4.3), so a document served for another issuer
 * cannot steer the sign-in elsewhere.
 */
import { serverText } from '../text/server-text.js';
import { OidcError } from './oidc-error.js';
import { providerRequest, type ProviderHttpOptions } from './provider-http.js';

/** What sts-creds uses of a provider's metadata. */
export interface ProviderMetadata {
  /** The issuer exactly as the provider names it (the `iss` every ID token must carry). */
  issuer: string;
  authorizationEndpoint: URL;
  tokenEndpoint: URL;
  /** RFC 8628 device authorization endpoint, when the provider has one. */
  deviceAuthorizationEndpoint: URL | undefined;
  /** RFC 7009 revocation endpoint, when the provider has one. */
  revocationEndpoint: URL | undefined;
  /** `scopes_supported`, when listed. */
  scopesSupported: readonly string[] | undefined;
}

const STEP = 'OpenID discovery';

/**
 * Checks an issuer URL as a person wrote it: `http(s)://host[:port][/path]`, no query, fragment or user
 * information. Pure.
 * @throws {@link OidcError} (`discovery`)
 */
export function parseIssuer(issuer: string): URL {
  let url: URL;
  try {
    url = new URL(issuer);
  } catch {
    throw new OidcError(`the OpenID issuer is not a URL: ${serverText(issuer)}`, { reason: 'discovery' });
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.search || url.hash || url.username || url.password) {
    throw new OidcError(`the OpenID issuer must be an http(s) URL without query, fragment or user name: ${serverText(issuer)}`, { reason: 'discovery' });
  }
  return url;
}

/** The discovery document's URL for `issuer`: its path with `/.well-known/openid-configuration` appended. Pure. */
export function discoveryUrl(issuer: URL): URL {
  return new URL(`${issuer.origin}${issuer.pathname.replace(/\/+$/, '')}/.well-known/openid-configuration`);
}

/** Issuers equal but for one trailing slash, which people leave off and providers differ on. Pure. */
export function sameIssuer(a: string, b: string): boolean {
  return a.replace(/\/$/, '') === b.replace(/\/$/, '');
}

function endpoint(doc: Record<string, unknown>, field: string, required: boolean): URL | undefined {
  const value = doc[field];
  if (value === undefined && !required) return undefined;
  if (typeof value === 'string') {
    try {
      const url = new URL(value);
      if ((url.protocol === 'https:' || url.protocol === 'http:') && !url.username && !url.password && !url.hash) return url;
    } catch {
      // reported below
    }
  }
  throw new OidcError(`${STEP} failed: ${field} in the provider's metadata is ${value === undefined ? 'missing' : 'not an http(s) URL'}`, { reason: 'discovery' });
}

/**
 * Turns a discovery document into {@link ProviderMetadata}, checking that it names `expectedIssuer`. Pure.
 * @throws {@link OidcError} (`discovery`)
 */
export function parseProviderMetadata(json: unknown, expectedIssuer: string): ProviderMetadata {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new OidcError(`${STEP} failed: the provider's metadata is not a JSON object`, { reason: 'discovery' });
  }
  const doc = json as Record<string, unknown>;
  if (typeof doc.issuer !== 'string' || !sameIssuer(doc.issuer, expectedIssuer)) {
    throw new OidcError(
      `${STEP} failed: the metadata names issuer ${typeof doc.issuer === 'string' ? serverText(doc.issuer) : '(none)'}, not ${serverText(expectedIssuer)}`,
      { reason: 'discovery' },
    );
  }
  const scopes = Array.isArray(doc.scopes_supported) ? doc.scopes_supported.filter((s): s is string => typeof s === 'string') : undefined;
  return {
    issuer: doc.issuer,
    authorizationEndpoint: endpoint(doc, 'authorization_endpoint', true)!,
    tokenEndpoint: endpoint(doc, 'token_endpoint', true)!,
    deviceAuthorizationEndpoint: endpoint(doc, 'device_authorization_endpoint', false),
    revocationEndpoint: endpoint(doc, 'revocation_endpoint', false),
    scopesSupported: scopes,
  };
}

/**
 * Fetches and checks the provider's metadata.
 *
 * @example
 * ```ts
 * const provider = await discoverProvider('https://id.example.com/realms/minio');
 * ```
 * @throws {@link OidcError} (`discovery`, `bad-response`), {@link StsTransportError}
 */
export async function discoverProvider(issuer: string, options: ProviderHttpOptions = {}): Promise<ProviderMetadata> {
  const url = discoveryUrl(parseIssuer(issuer));
  const answer = await providerRequest(STEP, url, options);
  if (answer.statusCode !== 200) {
    throw new OidcError(`${STEP} failed: HTTP ${answer.statusCode} from ${url.href}`, { reason: 'discovery', context: { action: STEP, endpoint: url.origin } });
  }
  return parseProviderMetadata(answer.json, issuer);
}
