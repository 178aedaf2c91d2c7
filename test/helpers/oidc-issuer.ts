/**
 * A minimal OpenID Connect issuer for the WebIdentity / ClientGrants tests: node:http on loopback serving
 * `/.well-known/openid-configuration` and `/jwks` for an RSA key made with node:crypto, and RS256 JWTs
 * signed by the test. It must be listening before MinIO starts (MinIO fetches both while initialising IAM).
 */
import { createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { createServer } from 'node:http';
import { listenOnLoopback } from '../../scripts/loopback.mjs';

export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
}

/** A fresh 2048-bit RSA key with a key id. */
export function makeSigningKey(kid: string): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { kid, privateKey, publicKey };
}

const b64url = (data: Buffer | string): string => Buffer.from(data).toString('base64url');

/** An RS256 JWT with header `{ alg: 'RS256', typ: 'JWT', kid }`. */
export function signJwt(claims: Record<string, unknown>, key: SigningKey): string {
  const header = b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: key.kid }));
  const payload = b64url(JSON.stringify(claims));
  const signature = sign('sha256', Buffer.from(`${header}.${payload}`), key.privateKey);
  return `${header}.${payload}.${b64url(signature)}`;
}

/** MinIO's role ARN for an OpenID provider configured with a role policy: `arn:minio:iam:::role/<b64url(sha1(client_id))>`. */
export function minioOpenIdRoleArn(clientId: string): string {
  return `arn:minio:iam:::role/${createHash('sha1').update(clientId).digest('base64url')}`;
}

export interface RunningIssuer {
  /** `http://127.0.0.1:<port>` */
  issuer: string;
  configUrl: string;
  key: SigningKey;
  /** Signs claims with the published key; `iss` defaults to the issuer, `iat` to now. */
  token(claims: Record<string, unknown>): string;
  /** How many times MinIO fetched each path. */
  hits: Record<string, number>;
  stop(): Promise<void>;
}

/** Starts the issuer on 127.0.0.1, port 0. */
export async function startOidcIssuer(kid = 'test-key-1'): Promise<RunningIssuer> {
  const key = makeSigningKey(kid);
  const jwk = { ...(key.publicKey.export({ format: 'jwk' }) as Record<string, unknown>), kid, use: 'sig', alg: 'RS256' };
  const hits: Record<string, number> = {};
  let issuer = '';
  const server = createServer((req, res) => {
    req.resume();
    const path = new URL(req.url ?? '/', 'http://issuer.invalid').pathname;
    hits[path] = (hits[path] ?? 0) + 1;
    const send = (status: number, body: unknown): void => {
      const text = JSON.stringify(body);
      res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
      res.end(text);
    };
    if (path === '/.well-known/openid-configuration') {
      send(200, {
        issuer,
        jwks_uri: `${issuer}/jwks`,
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/token`,
        userinfo_endpoint: `${issuer}/userinfo`,
        response_types_supported: ['code', 'id_token'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
      });
    } else if (path === '/jwks') {
      send(200, { keys: [jwk] });
    } else {
      send(404, { error: 'not_found' });
    }
  });
  const listener = await listenOnLoopback(server);
  issuer = listener.url;
  return {
    issuer,
    configUrl: `${issuer}/.well-known/openid-configuration`,
    key,
    token: (claims) => signJwt({ iss: issuer, iat: Math.floor(Date.now() / 1000), ...claims }, key),
    hits,
    stop: listener.stop,
  };
}
