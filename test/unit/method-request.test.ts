/**
 * A CLI row returns what to send ({ action, params, secret }); the cache key is every parameter but the
 * secret, derived, so no row can leave one out and no secret can reach a cache file name.
 */
import { describe, expect, it } from 'vitest';
import { cacheBaseName } from '../../src/cache/cache-key.js';
import { requestCacheKey, sendRequest, type MethodRequest } from '../../src/cli/method-request.js';
import type { StsClient } from '../../src/client/sts-client.js';
import { STS_ACTIONS, type StsAction } from '../../src/sts/registry.js';

/** Parameters that are secrets: sent, never keyed on. */
const SECRET_PARAMS = new Set(['credentials', 'tokenCode', 'token', 'webIdentityToken', 'password']);

/** A value of each kind a parameter may hold, and another one. */
function sample(name: string, variant: 0 | 1): unknown {
  if (name === 'durationSeconds') return 900 + variant;
  if (name === 'tags') return [{ key: 'k', value: `v${variant}` }];
  if (name === 'transitiveTagKeys' || name === 'policyArns') return [`x${variant}`];
  return `value-${variant}`;
}

const request = (action: StsAction, params: Record<string, unknown>, secret: Record<string, unknown> = {}): MethodRequest =>
  ({ action, params, principal: { name: 'who' }, secret: () => Promise.resolve(secret) });

describe('the cache key is every parameter but the secret', () => {
  const cases = Object.entries(STS_ACTIONS).flatMap(([action, spec]) =>
    spec.paramNames.filter((name) => !SECRET_PARAMS.has(name)).map((name) => [action as StsAction, name] as const),
  );

  it('covers every action', () => {
    expect(new Set(cases.map(([action]) => action))).toEqual(new Set(Object.keys(STS_ACTIONS)));
  });

  it.each(cases)('%s: two requests that differ only in %s have different keys', (action, name) => {
    const base = Object.fromEntries(STS_ACTIONS[action].paramNames.filter((n) => !SECRET_PARAMS.has(n)).map((n) => [n, sample(n, 0)]));
    const a = requestCacheKey(request(action, base), 'http://127.0.0.1:9000/', 'us-east-1');
    const b = requestCacheKey(request(action, { ...base, [name]: sample(name, 1) }), 'http://127.0.0.1:9000/', 'us-east-1');
    expect(cacheBaseName(a)).not.toBe(cacheBaseName(b));
  });

  it('the secret never shapes the key, and a token principal is keyed by hash only', () => {
    const params = { durationSeconds: 900 };
    const one = request('AssumeRole', params, { credentials: { accessKeyId: 'who', secretAccessKey: 'one' } });
    const two = request('AssumeRole', params, { credentials: { accessKeyId: 'who', secretAccessKey: 'two' } });
    expect(requestCacheKey(one, 'e', 'r')).toEqual(requestCacheKey(two, 'e', 'r'));
    const token = { ...request('AssumeRoleWithCustomToken', { roleArn: 'arn' }), principal: { secret: 'the-token' } } as MethodRequest;
    expect(JSON.stringify(requestCacheKey(token, 'e', 'r'))).not.toContain('the-token');
  });
});

describe('sendRequest', () => {
  it('sends the parameters and the secret together, through client.call with the action description', async () => {
    const calls: Array<[unknown, unknown]> = [];
    const client = { call: (spec: unknown, params: unknown) => (calls.push([spec, params]), Promise.resolve({})) } as unknown as StsClient;
    await sendRequest(client, request('AssumeRoleWithLDAPIdentity', { username: 'u', durationSeconds: 900 }, { password: 'pw' }));
    expect(calls).toEqual([[STS_ACTIONS.AssumeRoleWithLDAPIdentity, { username: 'u', durationSeconds: 900, password: 'pw' }]]);
  });
});
