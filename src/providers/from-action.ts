import { StsClient, type StsClientOptions } from '../client/sts-client.js';
import { StsTransportError, StsValidationError, type StsCallContext } from '../errors.js';
import { pickParams, validateAction, type AnyStsActionSpec } from '../sts/action.js';
import { DEFAULT_TIMEOUT_MS } from '../transport/http-transport.js';
import type { StsEventListener } from '../events.js';
import { RefreshEngine, type FetchedCredentials, type RefreshOptions } from './refresh-engine.js';
import { createRefreshingProvider, epochClock, refreshSettings, type RefreshingCredentialProvider } from './refreshing-provider.js';
import type { SecretSource } from './secret-source.js';

/**
 * A refreshing credential provider for any STS action: one {@link StsClient} (one connection pool) serves every
 * refresh. The call's parameters are picked out of `options` by the action's own parameter names; its secret
 * parameter (a password or token) may be a function, asked before every refresh under the call's timeout.
 *
 * Everything is checked at once, so a bad duration, policy or missing secret throws here rather than on first use.
 * @throws {@link StsValidationError} for a bad endpoint, parameter or refresh option
 */
export function fromAction<S extends AnyStsActionSpec>(spec: S, options: StsClientOptions & RefreshOptions): RefreshingCredentialProvider {
  const client = new StsClient(options);
  const context: StsCallContext = { action: spec.name, endpoint: client.endpoint.origin };
  const params = pickParams(spec, options);
  const secret = spec.secretParam === undefined ? undefined : ((options as unknown as Record<string, unknown>)[spec.secretParam] as SecretSource | undefined);
  const secretLater = typeof secret === 'function';
  validateAction(spec, params, context, secretLater);
  if (spec.clientCertificate && (options.cert === undefined) !== (options.key === undefined)) {
    throw new StsValidationError('cert and key must be given together', { field: options.cert === undefined ? 'cert' : 'key', context });
  }
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const fetch = secretLater
    ? async () => client.call(spec, { ...params, [spec.secretParam!]: await askSecret(secret, spec.secretParam!, timeoutMs, context) })
    : () => client.call(spec, params);
  return providerOfClient({
    ...refreshSettings(options),
    client,
    spec,
    durationSeconds: (params as { durationSeconds?: number }).durationSeconds,
    fetch,
    now: epochClock(options.now),
    onEvent: options.onEvent,
  });
}

/** How {@link providerOfClient} wires a provider. */
export interface ProviderWiring extends RefreshOptions {
  /** The client every refresh goes through; destroyed by the provider's `close()`. */
  client: StsClient;
  /** The action the fetch calls. */
  spec: AnyStsActionSpec;
  /** The lifetime the call asks for, if any: with the action's maximum, it bounds the expiration handed out. */
  durationSeconds: number | undefined;
  /** One STS call. */
  fetch: () => Promise<FetchedCredentials>;
  /** The local clock, in epoch milliseconds. */
  now: () => number;
  onEvent?: StsEventListener | undefined;
}

/**
 * The refreshing provider around one STS call through a client: the engine's timing, an expiration never
 * longer than the call could ask for, and the client destroyed on `close()`. The provider behind
 * {@link fromAction}, and behind the CLI's `exec --server`.
 */
export function providerOfClient(wiring: ProviderWiring): RefreshingCredentialProvider {
  const { client, spec } = wiring;
  const engine = new RefreshEngine({
    ...refreshSettings(wiring),
    fetch: wiring.fetch,
    now: wiring.now,
    context: { action: spec.name, endpoint: client.endpoint.origin },
    maxLifetimeMs: (wiring.durationSeconds ?? spec.durationLimits.max) * 1000,
    onEvent: wiring.onEvent,
  });
  return createRefreshingProvider(engine, () => client.destroy());
}

/**
 * Asks a secret callback, for at most `timeoutMs`: a callback that never settles must not hang the provider.
 * @throws {@link StsTransportError} (`ERR_SECRET_SOURCE_TIMEOUT`) when it takes longer
 * @throws {@link StsValidationError} when it returns no string, or an empty one
 */
async function askSecret(source: () => string | Promise<string>, name: string, timeoutMs: number, context: StsCallContext): Promise<string> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new StsTransportError(`${context.action ?? 'STS call'} failed: the ${name} callback did not answer within ${timeoutMs} ms`, {
            causeCode: 'ERR_SECRET_SOURCE_TIMEOUT',
            context,
          }),
        ),
      timeoutMs,
    );
  });
  try {
    const value = await Promise.race([Promise.resolve().then(source), timeout]);
    if (typeof value !== 'string' || value.length === 0) {
      throw new StsValidationError(`the ${name} callback returned ${typeof value === 'string' ? 'an empty string' : typeof value}`, { field: name, context });
    }
    return value;
  } finally {
    clearTimeout(timer);
  }
}
