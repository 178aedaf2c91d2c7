/**
 * The OpenID code's only door to the network: one JSON GET or form POST to a provider endpoint through the
 * project's transport (undici stays in src/transport), with a bounded read and the answer parsed as JSON.
 * Redirects are not followed (the transport refuses them), so a form carrying a code, a refresh token or a
 * client secret is never re-sent elsewhere.
 */
import { StsResponseError, StsTransportError } from '../errors.js';
import { serverText } from '../text/server-text.js';
import { createHttpTransport, type TransportOptions } from '../transport/http-transport.js';
import { OidcError } from './oidc-error.js';

/** Network settings for provider calls: the transport's (dispatcher, CA, proxy environment, timeout, events). */
export type ProviderHttpOptions = Pick<TransportOptions, 'dispatcher' | 'ca' | 'insecure' | 'proxyEnv' | 'timeoutMs' | 'onEvent'>;

/** Provider answers are small JSON documents; anything larger is refused unread. */
export const PROVIDER_MAX_RESPONSE_BYTES = 64 * 1024;

/** A provider's JSON answer. */
export interface ProviderAnswer {
  statusCode: number;
  /** The parsed body; `undefined` when it was not JSON. */
  json: unknown;
  /** The raw body, for error messages (already bounded). */
  text: string;
}

/** The origin and path of `url`, for messages (never its query). Pure. */
export function endpointLabel(url: URL): string {
  return `${url.origin}${url.pathname}`;
}

/**
 * Sends one request and reads the JSON answer, whatever its status.
 * @param step - what the call is, for messages (`OpenID discovery`, `token request`, ...)
 * @param secrets - values the request carries, removed from any text that reaches an error
 * @throws {@link OidcError} (`bad-response`) for a redirect or an oversized answer, {@link StsTransportError} when no answer came
 */
export async function providerRequest(
  step: string,
  url: URL,
  options: ProviderHttpOptions & { form?: Record<string, string> | undefined; headers?: Record<string, string> | undefined; secrets?: readonly string[] | undefined },
): Promise<ProviderAnswer> {
  const transport = createHttpTransport(url, { ...options, maxResponseBytes: PROVIDER_MAX_RESPONSE_BYTES });
  const context = { action: step, endpoint: url.origin };
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  let body: string | undefined;
  if (options.form) {
    body = new URLSearchParams(options.form).toString();
    headers['content-type'] = 'application/x-www-form-urlencoded';
  }
  try {
    const answer = await transport.send({ method: body === undefined ? 'GET' : 'POST', url, headers, body }, context);
    let json: unknown;
    try {
      json = JSON.parse(answer.body);
    } catch {
      json = undefined;
    }
    return { statusCode: answer.statusCode, json, text: answer.body };
  } catch (error) {
    if (error instanceof StsTransportError) throw error;
    if (error instanceof StsResponseError) {
      throw new OidcError(serverText(error.message, options.secrets ?? []), { reason: 'bad-response', context, cause: error });
    }
    throw error;
  } finally {
    await transport.close();
  }
}

/**
 * The provider's OAuth error (`error`, `error_description`) as an {@link OidcError}, escaped and with the
 * request's secrets removed; or a `bad-response` error when the answer is not an OAuth error document. Pure.
 */
export function providerError(step: string, url: URL, answer: ProviderAnswer, secrets: readonly string[] = []): OidcError {
  const context = { action: step, endpoint: url.origin };
  const doc = typeof answer.json === 'object' && answer.json !== null ? (answer.json as Record<string, unknown>) : undefined;
  if (doc && typeof doc.error === 'string' && doc.error !== '') {
    const code = serverText(doc.error, secrets).slice(0, 100);
    const description = typeof doc.error_description === 'string' && doc.error_description !== '' ? `: ${serverText(doc.error_description, secrets)}` : '';
    return new OidcError(`${step} failed: the provider answered ${code} (HTTP ${answer.statusCode})${description} [${endpointLabel(url)}]`, {
      reason: 'provider',
      oauthError: code,
      context,
    });
  }
  return new OidcError(`${step} failed: HTTP ${answer.statusCode} without an OAuth error document [${endpointLabel(url)}]`, { reason: 'bad-response', context });
}
