// A MinIO identity management plugin (the server behind AssumeRoleWithCustomToken) for tests
// and demos. It must be listening before MinIO starts: MinIO calls it while initialising IAM.
//
// Contract (MinIO's internal/config/identity/plugin):
//   POST <url>            empty body, at IAM init; the answer is ignored      -> 200 {}
//   POST <url>?token=T    one call per AssumeRoleWithCustomToken             -> 200 {user, maxValiditySeconds, claims}
//                                                                               or 403 {reason}
//   HEAD <url>            every minute, for metrics                          -> 200
// MinIO sends MINIO_IDENTITY_PLUGIN_AUTH_TOKEN verbatim as the Authorization header.

import { createServer } from 'node:http';
import { listenOnLoopback } from './loopback.mjs';

const json = (res, status, body) => {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
};

/**
 * Starts the plugin on 127.0.0.1, port 0.
 *
 * @param {object} options
 * @param {Record<string, { user: string, maxValiditySeconds?: number, claims?: Record<string, unknown> } | { reject: string }>} options.tokens
 *   accepted tokens and the identity each maps to; an entry `{ reject: 'why' }` refuses that token with that reason
 * @param {string} [options.authToken] when set, the exact `Authorization` value required (else 401)
 * @returns {Promise<{ url: string, calls: Array<{ method: string, kind: 'init' | 'verify' | 'health' | 'other', status: number, user?: string }>, stop(): Promise<void> }>}
 */
export async function startIdentityPlugin({ tokens, authToken } = { tokens: {} }) {
  /** What MinIO asked, for assertions. Tokens are deliberately not recorded. */
  const calls = [];

  const server = createServer((req, res) => {
    req.resume(); // MinIO sends no body, but never leave one unread
    const url = new URL(req.url ?? '/', 'http://plugin.invalid');
    const record = (kind, status, user) => calls.push({ method: req.method ?? '', kind, status, ...(user ? { user } : {}) });

    if (authToken !== undefined && req.headers.authorization !== authToken) {
      record(req.method === 'HEAD' ? 'health' : url.searchParams.has('token') ? 'verify' : 'init', 401);
      return json(res, 401, { reason: 'plugin auth token missing or wrong' });
    }
    if (req.method === 'HEAD') {
      record('health', 200);
      res.writeHead(200).end();
      return;
    }
    if (req.method !== 'POST') {
      record('other', 405);
      return json(res, 405, { reason: `method ${req.method} not supported` });
    }
    if (!url.searchParams.has('token')) {
      record('init', 200);
      return json(res, 200, {});
    }

    const token = url.searchParams.get('token') ?? '';
    // Own-property lookup only, so a token like "constructor" is not mistaken for an entry.
    const entry = token && Object.hasOwn(tokens, token) ? tokens[token] : undefined;
    if (!entry) {
      record('verify', 403);
      return json(res, 403, { reason: token ? 'token rejected: unknown token' : 'token rejected: empty token' });
    }
    if ('reject' in entry) {
      record('verify', 403);
      return json(res, 403, { reason: `token rejected: ${entry.reject}` });
    }
    record('verify', 200, entry.user);
    return json(res, 200, {
      user: entry.user,
      maxValiditySeconds: entry.maxValiditySeconds ?? 3600,
      claims: entry.claims ?? {},
    });
  });

  const listener = await listenOnLoopback(server);
  return { url: `${listener.url}/`, calls, stop: listener.stop };
}
