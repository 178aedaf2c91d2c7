/**
 * The test identity plugin on its own, speaking MinIO's plugin contract (no MinIO needed).
 */
import { Client } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIdentityPlugin, type RunningIdentityPlugin } from '../../scripts/identity-plugin.mjs';

describe('identity plugin', () => {
  let plugin: RunningIdentityPlugin;
  let client: Client;
  beforeAll(async () => {
    plugin = await startIdentityPlugin({
      tokens: { 'tok-1': { user: 'alice', maxValiditySeconds: 1800, claims: { team: 'a' } }, 'tok-2': { reject: 'revoked' } },
      authToken: 'Bearer plugin-secret',
    });
    client = new Client(new URL(plugin.url).origin);
  });
  afterAll(async () => {
    await client.close();
    await plugin.stop();
  });

  const call = async (method: 'POST' | 'HEAD', query: string, auth = 'Bearer plugin-secret') => {
    const res = await client.request({ method, path: `/${query}`, headers: { authorization: auth } });
    const text = await res.body.text();
    return { status: res.statusCode, body: text ? (JSON.parse(text) as unknown) : undefined };
  };

  it('answers the init call and the health check', async () => {
    expect(await call('POST', '')).toEqual({ status: 200, body: {} });
    expect((await call('HEAD', '')).status).toBe(200);
  });

  it('maps a known token to its identity', async () => {
    expect(await call('POST', '?token=tok-1')).toEqual({
      status: 200,
      body: { user: 'alice', maxValiditySeconds: 1800, claims: { team: 'a' } },
    });
  });

  it('refuses other tokens with a reason that does not echo them', async () => {
    expect(await call('POST', '?token=tok-2')).toEqual({ status: 403, body: { reason: 'token rejected: revoked' } });
    const unknown = await call('POST', '?token=secret-looking-value');
    expect(unknown).toEqual({ status: 403, body: { reason: 'token rejected: unknown token' } });
    expect(JSON.stringify(unknown)).not.toContain('secret-looking-value');
    expect((await call('POST', '?token=constructor')).status).toBe(403);
  });

  it('checks the Authorization header when configured', async () => {
    expect((await call('POST', '?token=tok-1', 'Bearer wrong')).status).toBe(401);
  });

  it('records calls without their tokens', () => {
    expect(plugin.calls.some((c) => c.kind === 'verify' && c.user === 'alice')).toBe(true);
    expect(JSON.stringify(plugin.calls)).not.toContain('tok-');
  });
});
