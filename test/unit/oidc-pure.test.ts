/** The pure parts of the OpenID sign-in: claims checks, discovery documents, device answers, token answers, scopes, PKCE, kept logins. */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkIdTokenClaims, decodeJwtPayload } from '../../src/oidc/id-token-claims.js';
import { discoveryUrl, parseIssuer, parseProviderMetadata } from '../../src/oidc/discover-provider.js';
import { parseDeviceAuthorization } from '../../src/oidc/device-authorization.js';
import { parseTokenAnswer } from '../../src/oidc/token-endpoint.js';
import { authorizationUrl, loginScopes, parseScopes } from '../../src/oidc/login-flows.js';
import { createPkce, pkceChallenge } from '../../src/oidc/pkce.js';
import { clientAuthentication } from '../../src/oidc/oidc-client.js';
import { providerError } from '../../src/oidc/provider-http.js';
import { decodeStoredLogin, encodeStoredLogin, type StoredLogin } from '../../src/oidc/stored-login.js';

const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
const jwt = (claims: Record<string, unknown>): string => `${b64({ alg: 'RS256' })}.${b64(claims)}.c2ln`;
const NOW = Date.UTC(2026, 0, 1);
const ISS = 'https://id.example.com/';
const good = { iss: ISS, aud: 'cli', sub: 'alice', exp: NOW / 1000 + 300, nonce: 'n-1', email: 'alice@example.com' };
const expect0 = { issuer: ISS, clientId: 'cli', nonce: 'n-1', nowMs: NOW };

describe('checkIdTokenClaims', () => {
  it('accepts a token for this client and returns who it names', () => {
    expect(checkIdTokenClaims(jwt(good), expect0)).toEqual({ iss: ISS, sub: 'alice', exp: good.exp, displayName: 'alice@example.com' });
    expect(checkIdTokenClaims(jwt({ ...good, aud: ['cli', 'minio'], azp: 'cli' }), expect0).sub).toBe('alice');
  });

  it.each([
    ['another issuer', { iss: 'https://evil.example.com/' }, /issued by https:\/\/evil/],
    ['another audience', { aud: 'other' }, /not meant for client cli/],
    ['another authorised party', { aud: ['cli', 'x'], azp: 'x' }, /another party/],
    ['several audiences without azp', { aud: ['cli', 'x'] }, /no azp/],
    ['an expired token', { exp: NOW / 1000 }, /expired at 2026-01-01T00:00:00.000Z/],
    ['no exp', { exp: undefined }, /no expiry/],
    ['another nonce', { nonce: 'n-2' }, /nonce/],
    ['no nonce', { nonce: undefined }, /nonce/],
    ['no subject', { sub: '' }, /subject/],
  ])('refuses %s', (_label, change, message) => {
    expect(() => checkIdTokenClaims(jwt({ ...good, ...change }), expect0)).toThrow(message);
  });

  it('needs no nonce after a refresh, and escapes what it shows', () => {
    expect(checkIdTokenClaims(jwt({ ...good, nonce: undefined, email: 'x\u001b[31m' }), { ...expect0, nonce: undefined }).displayName).toBe('x\\x1b[31m');
  });

  it('refuses what is not a JWT, without quoting it', () => {
    for (const bad of ['abc', 'a.b', 'a.!!.c', `${b64({})}.${Buffer.from('[1]').toString('base64url')}.x`]) {
      expect(() => decodeJwtPayload(bad)).toThrow(/the ID token/);
    }
  });
});

describe('discovery', () => {
  const doc = {
    issuer: 'https://id.example.com/realms/minio',
    authorization_endpoint: 'https://id.example.com/auth',
    token_endpoint: 'https://id.example.com/token',
    device_authorization_endpoint: 'https://id.example.com/device',
    scopes_supported: ['openid', 'offline_access', 7],
  };

  it('builds the well-known URL under the issuer path', () => {
    expect(discoveryUrl(parseIssuer('https://id.example.com/realms/minio/')).href).toBe('https://id.example.com/realms/minio/.well-known/openid-configuration');
    expect(discoveryUrl(parseIssuer('http://127.0.0.1:9998')).href).toBe('http://127.0.0.1:9998/.well-known/openid-configuration');
  });

  it('refuses issuers with a query, fragment, user or another scheme', () => {
    for (const bad of ['https://id.example.com/?x=1', 'https://id.example.com/#f', 'https://u:p@id.example.com/', 'ftp://id.example.com/', 'nope']) {
      expect(() => parseIssuer(bad)).toThrow(/OpenID issuer/);
    }
  });

  it('reads the endpoints and requires the same issuer (give or take a trailing slash)', () => {
    const meta = parseProviderMetadata(doc, 'https://id.example.com/realms/minio/');
    expect(meta.tokenEndpoint.href).toBe('https://id.example.com/token');
    expect(meta.revocationEndpoint).toBeUndefined();
    expect(meta.scopesSupported).toEqual(['openid', 'offline_access']);
    expect(() => parseProviderMetadata({ ...doc, issuer: 'https://evil.example.com/\u001b]52' }, 'https://id.example.com/realms/minio')).toThrow(
      /names issuer https:\/\/evil.example.com\/\\x1b\]52, not/,
    );
    expect(() => parseProviderMetadata({ ...doc, token_endpoint: 'javascript:alert(1)' }, doc.issuer)).toThrow(/token_endpoint .* not an http\(s\) URL/);
    expect(() => parseProviderMetadata({ ...doc, authorization_endpoint: undefined }, doc.issuer)).toThrow(/authorization_endpoint .* missing/);
    expect(() => parseProviderMetadata([], doc.issuer)).toThrow(/not a JSON object/);
  });
});

describe('scopes', () => {
  it('asks for offline_access only where the provider lists it (or lists nothing), and always for openid', () => {
    expect(loginScopes({ scopesSupported: ['openid', 'offline_access'] })).toEqual(['openid', 'offline_access']);
    expect(loginScopes({ scopesSupported: ['openid', 'email'] })).toEqual(['openid']);
    expect(loginScopes({ scopesSupported: undefined })).toEqual(['openid', 'offline_access']);
    expect(loginScopes({ scopesSupported: [] }, parseScopes('email, groups offline_access'))).toEqual(['openid', 'email', 'groups', 'offline_access']);
  });
});

describe('PKCE and the authorization URL', () => {
  it('uses S256 of the verifier (RFC 7636 appendix B)', () => {
    expect(pkceChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
    const pair = createPkce();
    expect(pair.verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(pair.challenge).toBe(createHash('sha256').update(pair.verifier).digest('base64url'));
  });

  it('puts every parameter in the query, keeping the endpoint’s own', () => {
    const url = authorizationUrl(
      { authorizationEndpoint: new URL('https://id.example.com/auth?tenant=a') },
      { clientId: 'cli', redirectUri: 'http://127.0.0.1:5000/callback', scopes: ['openid', 'offline_access'], state: 's', nonce: 'n', codeChallenge: 'c' },
    );
    expect(Object.fromEntries(url.searchParams)).toEqual({
      tenant: 'a',
      response_type: 'code',
      client_id: 'cli',
      redirect_uri: 'http://127.0.0.1:5000/callback',
      scope: 'openid offline_access',
      state: 's',
      nonce: 'n',
      code_challenge: 'c',
      code_challenge_method: 'S256',
    });
  });
});

describe('answers of the token and device endpoints', () => {
  const url = new URL('https://id.example.com/token');

  it('reads tokens, and requires an ID token', () => {
    expect(parseTokenAnswer({ id_token: 'a.b.c', refresh_token: 'r', access_token: 'x', expires_in: 10 }, url)).toEqual({ idToken: 'a.b.c', refreshToken: 'r', accessToken: 'x' });
    expect(() => parseTokenAnswer({ access_token: 'x' }, url)).toThrow(/no id_token/);
    expect(() => parseTokenAnswer({ id_token: 'a', refresh_token: 5 }, url)).toThrow(/refresh_token .* not a string/);
  });

  it('shows a provider error escaped and without the secrets the request carried', () => {
    const error = providerError('OpenID token request', url, { statusCode: 400, text: '', json: { error: 'invalid_grant', error_description: 'token rt-secret-1 is \u001b[2Jgone' } }, ['rt-secret-1']);
    expect(error.message).toBe('OpenID token request failed: the provider answered invalid_grant (HTTP 400): token *** is \\x1b[2Jgone [https://id.example.com/token]');
    expect(error.oauthError).toBe('invalid_grant');
    expect(providerError('x', url, { statusCode: 502, text: '<html>', json: undefined }).reason).toBe('bad-response');
  });

  it('reads a device answer, with RFC 8628 defaults and escaped display text', () => {
    const device = parseDeviceAuthorization({ device_code: 'd', user_code: 'AB\u001bCD', verification_uri: 'https://id.example.com/device', expires_in: 600 }, url);
    expect(device).toEqual({ deviceCode: 'd', userCode: 'AB\\x1bCD', verificationUri: 'https://id.example.com/device', verificationUriComplete: undefined, expiresIn: 600, interval: 5 });
    expect(() => parseDeviceAuthorization({ device_code: 'd', user_code: 'u', verification_uri: 'javascript:x', expires_in: 600 }, url)).toThrow(/verification_uri/);
    expect(() => parseDeviceAuthorization({ device_code: 'd', user_code: 'u', verification_uri: 'https://x/', expires_in: 0 }, url)).toThrow(/expires_in/);
  });
});

describe('client authentication', () => {
  it('sends a public client’s id in the form, a confidential one’s in HTTP Basic with form-encoded parts', () => {
    expect(clientAuthentication({ clientId: 'cli' })).toEqual({ form: { client_id: 'cli' }, headers: {} });
    const basic = clientAuthentication({ clientId: 'a b', clientSecret: 's:é' }).headers.authorization!;
    expect(Buffer.from(basic.replace('Basic ', ''), 'base64').toString()).toBe('a+b:s%3A%C3%A9');
  });
});

describe('kept logins', () => {
  const login: StoredLogin = { issuer: ISS, clientId: 'cli', refreshToken: 'r', idToken: 'i', idTokenExpiresAt: NOW, subject: 'alice', loggedInAt: NOW };

  it('round-trips, and refuses what sts-creds did not write', () => {
    expect(decodeStoredLogin(encodeStoredLogin(login))).toEqual(login);
    expect(decodeStoredLogin('{"v":1}')).toBeUndefined();
    expect(decodeStoredLogin(encodeStoredLogin({ ...login, refreshToken: '' }))).toBeUndefined();
    expect(decodeStoredLogin('nope')).toBeUndefined();
  });
});
