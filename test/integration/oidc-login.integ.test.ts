/**
 * Signing in with a real OpenID provider (zitadel/oidc's, built by the tools step) and trading its ID tokens
 * with a real MinIO configured to trust it: the browser grant (a scripted person through the provider's own
 * login pages), the device grant, refresh with rotation, revocation, and a refused device sign-in.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningMinio } from '../../scripts/minio.mjs';
import {
  discoverProvider,
  fileLoginStore,
  fromOidcLogin,
  fromWebIdentity,
  isOidcError,
  loginScopes,
  loginWithBrowser,
  loginWithDevice,
  revokeToken,
  storedLogin,
  type LoginStore,
  type ProviderMetadata,
} from '../../src/index.js';
import { showMinioLogOnFailure, useMinio } from '../helpers/minio-context.js';
import { approveDevice, OIDC_CLIENT_ID, OIDC_USER_PASSWORD, signInWithBrowser, startProviderAndMinio, type RunningOidcProvider } from '../helpers/oidc-provider.js';
import { minioOpenIdRoleArn } from '../helpers/oidc-issuer.js';
import { createBucket, putObject, getObject } from '../helpers/s3.js';
import { useTempDirs } from '../helpers/temp-dirs.js';
import { hasChromium, signInWithChromium } from '../helpers/headless-browser.mjs';
import { missingOutsideCi } from '../consumers/harness.js';

const harness = useMinio();
const tempDir = useTempDirs('oidc-login');
/** ID tokens live two minutes: MinIO then ties the credentials' lifetime to that. */
const ID_TOKEN_SECONDS = 120;
const client = { clientId: OIDC_CLIENT_ID };
const immediately = (): Promise<void> => Promise.resolve();

let provider: RunningOidcProvider | undefined;
let minio: RunningMinio | undefined;
let metadata: ProviderMetadata;

function idp(): RunningOidcProvider {
  if (!provider) throw new Error('the OpenID provider did not start');
  return provider;
}

function sts(): RunningMinio {
  if (!minio) throw new Error('MinIO with OpenID did not start');
  return minio;
}

beforeAll(async () => {
  if (!harness.available) return;
  ({ provider, minio } = await startProviderAndMinio(ID_TOKEN_SECONDS));
  metadata = await discoverProvider(provider.issuer);
}, 180_000);

afterAll(async () => {
  await minio?.stop();
  await provider?.stop();
});

showMinioLogOnFailure('MinIO (OpenID login)', () => minio);

async function browserLogin(store: LoginStore, name: string): Promise<void> {
  const signedIn = await loginWithBrowser({
    provider: metadata,
    client,
    scopes: loginScopes(metadata),
    openUrl: async (url) => {
      const { page } = await signInWithBrowser(idp(), url);
      expect(page.status).toBe(200);
      expect(page.body).toContain('go back to the terminal');
    },
    timeoutMs: 30_000,
    now: Date.now,
  });
  await store.write(name, storedLogin(signedIn, { issuer: idp().issuer, clientId: OIDC_CLIENT_ID, nowMs: Date.now() }));
}

/** Credentials from the kept login, used for S3 work on MinIO. */
async function provesS3Access(source: () => Promise<string>): Promise<{ expiration: Date | undefined }> {
  const credentials = fromWebIdentity({ endpoint: sts().endpoint, webIdentityToken: source, roleArn: minioOpenIdRoleArn(OIDC_CLIENT_ID) });
  try {
    const creds = await credentials();
    const bucket = `login-${randomBytes(4).toString('hex')}`;
    expect((await createBucket(sts().endpoint, creds, bucket)).statusCode).toBe(200);
    expect((await putObject(sts().endpoint, creds, bucket, 'hello.txt', 'signed in')).statusCode).toBe(200);
    expect((await getObject(sts().endpoint, creds, bucket, 'hello.txt')).body).toBe('signed in');
    return { expiration: creds.expiration };
  } finally {
    await credentials.close();
  }
}

describe('discovery of the real provider', () => {
  it('finds every endpoint a login needs, and asks for offline_access because the provider lists it', () => {
    expect(metadata.issuer).toBe(idp().issuer);
    expect(metadata.deviceAuthorizationEndpoint).toBeDefined();
    expect(metadata.revocationEndpoint).toBeDefined();
    expect(loginScopes(metadata)).toEqual(['openid', 'offline_access']);
  });

  it('accepts the issuer without its trailing slash, and refuses one the document does not name', async () => {
    expect((await discoverProvider(idp().issuer.replace(/\/$/, ''))).issuer).toBe(idp().issuer);
    await expect(discoverProvider(`${idp().issuer}other`)).rejects.toMatchObject({ reason: 'discovery' });
  });
});

describe('browser sign-in (authorization code + PKCE)', () => {
  it('keeps a refresh token, and the ID token it hands out gets MinIO credentials that live as long as the token', async () => {
    const store = fileLoginStore(tempDir(), process.getuid!());
    await browserLogin(store, 'dev');
    const kept = await store.read('dev');
    expect(kept?.refreshToken).toBeTruthy();
    expect(kept?.subject).toBe(idp().username);
    const source = fromOidcLogin({ name: 'dev', issuer: idp().issuer, client, store });
    expect(await source()).toBe(kept?.idToken); // still valid: no refresh
    const { expiration } = await provesS3Access(source);
    const lifetime = (expiration!.getTime() - Date.now()) / 1000;
    expect(lifetime).toBeGreaterThan(ID_TOKEN_SECONDS - 30);
    expect(lifetime).toBeLessThanOrEqual(ID_TOKEN_SECONDS + 5);
  });

  it('a redirect with another state, path or method does not end the wait; the real one completes it', async () => {
    const signedIn = await loginWithBrowser({
      provider: metadata,
      client,
      scopes: loginScopes(metadata),
      openUrl: async (url) => {
        const redirect = new URL(new URL(url).searchParams.get('redirect_uri')!);
        const forged = new URL(redirect.href);
        forged.searchParams.set('state', 'forged-state');
        forged.searchParams.set('code', 'forged-code');
        expect((await fetch(forged)).status).toBe(400);
        expect((await fetch(new URL('/other', redirect))).status).toBe(404);
        expect((await fetch(forged, { method: 'POST' })).status).toBe(405);
        await signInWithBrowser(idp(), url);
      },
      timeoutMs: 30_000,
      now: Date.now,
    });
    expect(signedIn.claims.sub).toBeTruthy();
  });
});

describe.skipIf(missingOutsideCi(hasChromium(), 'chromium'))('browser sign-in with a real headless Chromium', () => {
  it('the person signs in on the provider’s page; the browser lands on the loopback page; MinIO takes the token', async () => {
    const store = fileLoginStore(tempDir(), process.getuid!());
    let landed: { callbackUrl: string; text: string } | undefined;
    const signedIn = await loginWithBrowser({
      provider: metadata,
      client,
      scopes: loginScopes(metadata),
      openUrl: async (url) => {
        landed = await signInWithChromium(url, idp().username, OIDC_USER_PASSWORD);
      },
      timeoutMs: 60_000,
      now: Date.now,
    });
    expect(new URL(landed!.callbackUrl).hostname).toBe('127.0.0.1');
    expect(landed!.text).toContain('Signed in. You can close this tab and go back to the terminal.');
    await store.write('chromium', storedLogin(signedIn, { issuer: idp().issuer, clientId: OIDC_CLIENT_ID, nowMs: Date.now() }));
    await provesS3Access(fromOidcLogin({ name: 'chromium', issuer: idp().issuer, client, store }));
  });
});

describe('refresh', () => {
  it('after the ID token expires, trades the refresh token for a new pair; the old refresh token is then refused', async () => {
    const store = fileLoginStore(tempDir(), process.getuid!());
    await browserLogin(store, 'dev');
    const before = (await store.read('dev'))!;
    // Asking for more validity than a fresh ID token has makes the kept one count as expired: the source must refresh.
    const expired = { minValidityMs: (ID_TOKEN_SECONDS + 60) * 1000 };
    const source = fromOidcLogin({ name: 'dev', issuer: idp().issuer, client, store, ...expired });
    const token = await source();
    const after = (await store.read('dev'))!;
    expect(token).not.toBe(before.idToken);
    expect(after.idToken).toBe(token);
    expect(after.refreshToken).toBeTruthy();
    expect(after.refreshToken).not.toBe(before.refreshToken); // rotated, and the new one replaced the old
    expect(after.loggedInAt).toBe(before.loggedInAt);
    await provesS3Access(async () => token);

    // Someone holding the old refresh token gets nothing.
    await store.write('stale', before);
    const stale = fromOidcLogin({ name: 'stale', issuer: idp().issuer, client, store, ...expired });
    const error = await stale().catch((e: unknown) => e);
    expect(isOidcError(error) && error.reason).toBe('login-required');
    expect(String(error)).not.toContain(before.refreshToken!);
  });
});

describe('device sign-in (RFC 8628)', () => {
  it('shows the code, polls until the person allows it, and the login works with MinIO', async () => {
    const store = fileLoginStore(tempDir(), process.getuid!());
    let shown: { userCode: string; verificationUri: string; verificationUriComplete: string | undefined } | undefined;
    const signedIn = await loginWithDevice({
      provider: metadata,
      client,
      scopes: loginScopes(metadata),
      prompt: async (device) => {
        shown = device;
        await approveDevice(idp(), device.userCode);
      },
      timing: { now: Date.now, sleep: immediately },
    });
    expect(shown?.verificationUri).toBe(`${idp().issuer}device`);
    expect(shown?.verificationUriComplete).toContain(encodeURIComponent(shown!.userCode).replace('%2D', '-'));
    expect(signedIn.tokens.refreshToken).toBeTruthy();
    await store.write('ssh', storedLogin(signedIn, { issuer: idp().issuer, clientId: OIDC_CLIENT_ID, nowMs: Date.now() }));
    await provesS3Access(fromOidcLogin({ name: 'ssh', issuer: idp().issuer, client, store }));
  });

  it('keeps polling while the sign-in is pending, and reports a refusal as access-denied', async () => {
    let polls = 0;
    let userCode = '';
    const error = await loginWithDevice({
      provider: metadata,
      client,
      scopes: loginScopes(metadata),
      prompt: (device) => {
        userCode = device.userCode;
      },
      timing: {
        now: Date.now,
        sleep: async () => {
          polls += 1;
          if (polls === 3) await approveDevice(idp(), userCode, 'denied');
        },
      },
    }).catch((e: unknown) => e);
    expect(polls).toBe(3); // two polls answered authorization_pending
    expect(isOidcError(error) && error.reason).toBe('access-denied');
  });
});

describe('revocation', () => {
  it('a revoked refresh token no longer yields ID tokens: the source asks for a new login', async () => {
    const store = fileLoginStore(tempDir(), process.getuid!());
    await browserLogin(store, 'dev');
    const kept = (await store.read('dev'))!;
    await revokeToken(metadata, client, kept.refreshToken!);
    const expired = { minValidityMs: (ID_TOKEN_SECONDS + 60) * 1000 };
    const error = await fromOidcLogin({ name: 'dev', issuer: idp().issuer, client, store, ...expired })().catch((e: unknown) => e);
    expect(isOidcError(error) && error.reason).toBe('login-required');
  });
});
