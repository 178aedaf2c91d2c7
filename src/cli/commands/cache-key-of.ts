import { hashSecret, type CacheKeyParts } from '../../cache/credential-cache.js';
import type { MethodRequest } from '../methods.js';

/**
 * The cache key of a method's request at an endpoint, with the label `cache list` shows: the user
 * name when the request names one (never a token's hash) and the role ARN. Pure.
 */
export function cacheKeyOf(request: MethodRequest, endpoint: URL, region: string): CacheKeyParts {
  const principal = 'name' in request.principal ? request.principal.name : hashSecret(request.principal.secret);
  const role = request.keyParams.roleArn;
  return {
    action: request.action,
    principal,
    params: request.keyParams,
    endpoint: endpoint.href,
    region,
    label: {
      endpoint: endpoint.href,
      region,
      user: 'name' in request.principal ? request.principal.name : undefined,
      role: typeof role === 'string' && role !== '' ? role : undefined,
    },
  };
}
