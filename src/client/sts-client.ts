import { StsValidationError, type StsCallContext } from '../errors.js';
import { createSigner, type RequestSigner } from '../signing/sign-request.js';
import { sentSecrets, validateAction, wireParams, type AnyStsActionSpec, type ParamsOf, type ResultOf } from '../sts/action.js';
import { assumeRoleAction, type AssumeRoleCallOptions, type AssumeRoleResult } from '../sts/actions/assume-role.js';
import { certificateAction, type AssumeRoleWithCertificateResult, type CertificateParams } from '../sts/actions/certificate.js';
import { clientGrantsAction, type AssumeRoleWithClientGrantsResult, type ClientGrantsParams } from '../sts/actions/client-grants.js';
import { customTokenAction, type AssumeRoleWithCustomTokenResult, type CustomTokenParams } from '../sts/actions/custom-token.js';
import { ldapIdentityAction, type AssumeRoleWithLdapIdentityResult, type LdapIdentityParams } from '../sts/actions/ldap-identity.js';
import { webIdentityAction, type AssumeRoleWithWebIdentityResult, type WebIdentityParams } from '../sts/actions/web-identity.js';
import { parseStsResponse } from '../sts/parse-response.js';
import { createHttpTransport, type HttpRequest, type HttpTransport, type TransportOptions } from '../transport/http-transport.js';
import { retryPolicy, type RetryOptions, type RetryPolicy } from '../transport/retry-policy.js';
import type { SigningCredentials } from '../types.js';
import { clientTarget } from './client-target.js';
import { isValidAccessKeyId } from '../sts/validate.js';
import { exchange, type ClockCorrection } from './exchange.js';

/** Settings of an {@link StsClient}. */
export interface StsClientOptions extends TransportOptions, RetryOptions {
  /** STS endpoint, e.g. `http://localhost:9000` for MinIO or `https://sts.amazonaws.com`. */
  endpoint: string | URL;
  /**
   * Region used in the SigV4 scope. MinIO accepts any region unless `MINIO_SITE_REGION` is set.
   * @defaultValue `'us-east-1'`
   */
  region?: string | undefined;
  /**
   * Clock used for signing. Inject one to test or to correct a skewed local clock.
   * @defaultValue `() => new Date()`
   */
  now?: (() => Date) | undefined;
  /** Extra `User-Agent` text. */
  userAgent?: string | undefined;
}

export type { AssumeRoleCallOptions };

const FORM = 'application/x-www-form-urlencoded; charset=utf-8';
/** What a header value may hold: printable ASCII (undici refuses control characters; SigV4 scopes are ASCII). */
const HEADER_SAFE = /^[\x20-\x7e]*$/;

/**
 * An STS client bound to one endpoint and region, holding one connection pool so repeated calls reuse connections.
 * Every action runs through {@link StsClient.call}; the named methods are typed shortcuts for it.
 *
 * @example
 * ```ts
 * const sts = new StsClient({ endpoint: 'http://localhost:9000' });
 * const creds = await sts.assumeRole({ credentials: { accessKeyId: 'foobar', secretAccessKey: 'foo12345' } });
 * await sts.close();
 * ```
 */
export class StsClient {
  /** The endpoint every call goes to. */
  readonly endpoint: URL;
  /** SigV4 region. */
  readonly region: string;
  readonly #transport: HttpTransport;
  readonly #now: () => Date;
  readonly #userAgent: string;
  readonly #retry: RetryPolicy;
  readonly #clock: ClockCorrection = { offsetMs: 0 };
  readonly #onEvent: StsClientOptions['onEvent'];
  readonly #sign: RequestSigner;
  /** The endpoint as sent when an action has no query string (the public `endpoint` may be changed by its holder). */
  readonly #url: URL;

  /** @throws {@link StsValidationError} when the endpoint is not an http(s) URL, or the region or a transport option is malformed */
  constructor(options: StsClientOptions) {
    ({ endpoint: this.endpoint, region: this.region } = clientTarget(options));
    if (options.userAgent !== undefined && !HEADER_SAFE.test(options.userAgent)) {
      throw new StsValidationError('userAgent must be printable ASCII', { field: 'userAgent' });
    }
    this.#transport = createHttpTransport(this.endpoint, options);
    this.#now = options.now ?? (() => new Date());
    this.#userAgent = `sts-creds${options.userAgent ? ` ${options.userAgent}` : ''}`;
    this.#retry = retryPolicy(options);
    this.#onEvent = options.onEvent;
    this.#sign = createSigner({ region: this.region, service: 'sts' });
    this.#url = new URL(this.endpoint.href);
  }

  /**
   * Milliseconds this client adds to its clock when signing: 0 until a server refused a request
   * as `RequestTimeTooSkewed`, then the difference to that server's `Date` header.
   */
  get clockOffsetMs(): number {
    return this.#clock.offsetMs;
  }

  /**
   * Runs any STS action from its description: checks the parameters, builds the request for the action's
   * parameters (signing it anew for every attempt when the action is signed), sends it with retries and clock
   * correction, and parses the answer. No secret the call sent comes back in an error.
   * @throws {@link StsValidationError} before sending, for bad parameters
   * @throws {@link StsServiceError} when STS answers with an error document
   * @throws {@link StsResponseError} when the answer is not a valid STS response
   * @throws {@link StsTransportError} when no answer arrives
   */
  async call<S extends AnyStsActionSpec>(spec: S, params: ParamsOf<S>): Promise<ResultOf<S>> {
    const context: StsCallContext = { action: spec.name, endpoint: this.#url.origin };
    const checked = validateAction(spec, params, context);
    const credentials = spec.signingCredentials?.(params);
    if (credentials) checkSigningCredentials(credentials, context);
    const wire = wireParams(spec, checked, this.#now()).toString();
    const secrets = sentSecrets(spec, params);
    const inQuery = spec.parametersIn === 'query';
    let url = this.#url;
    if (inQuery) {
      url = new URL(this.#url.href);
      url.search = wire;
    }
    const request: HttpRequest = inQuery
      ? { method: 'POST', url, headers: { 'user-agent': this.#userAgent, 'content-length': '0' }, body: '' }
      : { method: 'POST', url, headers: { 'content-type': FORM, 'user-agent': this.#userAgent }, body: wire };
    const sign = this.#sign;
    return exchange({
      transport: this.#transport,
      context,
      policy: this.#retry,
      now: this.#now,
      clock: this.#clock,
      onEvent: this.#onEvent,
      build: credentials
        ? async (signingDate) => ({
            method: request.method,
            url,
            headers: await sign({ method: request.method, url, headers: request.headers, body: request.body }, credentials, signingDate),
            body: request.body,
          })
        : () => request,
      parse: (answer) => parseStsResponse(spec, answer, context, secrets),
    });
  }

  /**
   * Calls AssumeRole: a SigV4-signed POST with a form body and no query string.
   * @throws {@link StsValidationError} | {@link StsServiceError} | {@link StsResponseError} | {@link StsTransportError}, as {@link StsClient.call}
   */
  assumeRole(options: AssumeRoleCallOptions): Promise<AssumeRoleResult> {
    return this.call(assumeRoleAction, options);
  }

  /**
   * Calls AssumeRoleWithCustomToken: an unsigned POST with every parameter in the query string.
   * A refusal by the identity plugin is an {@link StsServiceError} (MinIO answers 500 `InternalError`).
   */
  assumeRoleWithCustomToken(options: CustomTokenParams): Promise<AssumeRoleWithCustomTokenResult> {
    return this.call(customTokenAction, options);
  }

  /**
   * Calls AssumeRoleWithLDAPIdentity (MinIO): an unsigned POST whose form body carries the LDAP user name and
   * password (never the URL). A wrong password is 400 `InvalidParameterValue` "LDAP server error: ...".
   */
  assumeRoleWithLdapIdentity(options: LdapIdentityParams): Promise<AssumeRoleWithLdapIdentityResult> {
    return this.call(ldapIdentityAction, options);
  }

  /** Calls AssumeRoleWithWebIdentity: an unsigned POST with a form body carrying the OpenID Connect token. */
  assumeRoleWithWebIdentity(options: WebIdentityParams): Promise<AssumeRoleWithWebIdentityResult> {
    return this.call(webIdentityAction, options);
  }

  /** Calls AssumeRoleWithClientGrants (MinIO): an unsigned POST with a form body carrying the access token. */
  assumeRoleWithClientGrants(options: ClientGrantsParams): Promise<AssumeRoleWithClientGrantsResult> {
    return this.call(clientGrantsAction, options);
  }

  /**
   * Calls AssumeRoleWithCertificate (MinIO): an unsigned POST over mutual TLS with the parameters in the query
   * string. The identity is the TLS client certificate, so create the client with `cert` and `key` (or `pfx`),
   * and usually `ca`, on an `https://` endpoint. MinIO answers 400 `InsecureConnection` over plain http,
   * 400 `MissingParameter` without a client certificate, 400 `InvalidClientCertificate` for one it does not trust.
   */
  assumeRoleWithCertificate(options: CertificateParams = {}): Promise<AssumeRoleWithCertificateResult> {
    return this.call(certificateAction, options);
  }

  /** Closes the connection pool once calls in flight are done (an injected dispatcher is left open). */
  async close(): Promise<void> {
    await this.#transport.close();
  }

  /** Closes the connection pool at once: calls in flight reject with {@link StsTransportError}. */
  async destroy(): Promise<void> {
    await this.#transport.destroy();
  }
}

/** Keys go into the `Authorization` and `X-Amz-Security-Token` headers: refuse what no server could accept. */
function checkSigningCredentials(credentials: SigningCredentials, context: StsCallContext): void {
  if (!isValidAccessKeyId(credentials.accessKeyId)) {
    throw new StsValidationError('credentials.accessKeyId must be printable ASCII without spaces', { field: 'credentials.accessKeyId', context });
  }
  if (credentials.sessionToken !== undefined && !HEADER_SAFE.test(credentials.sessionToken)) {
    throw new StsValidationError('credentials.sessionToken must be printable ASCII', { field: 'credentials.sessionToken', context });
  }
}
