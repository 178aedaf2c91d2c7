import type { RefreshingCredentialProvider } from '../providers/refreshing-provider.js';
import type { TemporaryCredentials } from '../types.js';
import type { ServedCredentials } from './credential-server.js';

/**
 * What `exec --server` serves: the provider's credentials, renewed once less than `refreshBeforeMs` is
 * left, and served with that moment as their expiration, so that a consumer (which keeps credentials
 * until shortly before they expire) comes back exactly when new ones are due. The keys stay valid
 * until their real expiry, so a consumer that comes back late is not cut off.
 *
 * A renewal that fails (STS unreachable, a token file that cannot be read) while the current keys are still
 * valid is no failure for the consumer: it gets those keys, with their real expiry, and `onStale` hears why.
 * @param now - the local clock, in epoch milliseconds
 */
export function freshCredentials(
  provider: RefreshingCredentialProvider,
  refreshBeforeMs: number,
  now: () => number,
  onStale: (error: unknown) => void = () => undefined,
): () => Promise<ServedCredentials> {
  const renewAt = (creds: TemporaryCredentials): number => creds.expiration.getTime() - refreshBeforeMs;
  return async () => {
    let creds = await provider();
    if (renewAt(creds) <= now()) {
      try {
        creds = await provider.forceRefresh();
      } catch (error) {
        if (creds.expiration.getTime() <= now()) throw error;
        onStale(error);
      }
    }
    // New credentials that are due at once (a lifetime under refreshBeforeMs) are served with their real expiry.
    const expiration = renewAt(creds) > now() ? new Date(renewAt(creds)) : creds.expiration;
    return { accessKeyId: creds.accessKeyId, secretAccessKey: creds.secretAccessKey, sessionToken: creds.sessionToken, expiration };
  };
}
