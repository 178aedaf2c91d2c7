import type { StsCallContext } from '../errors.js';
import { signRequest } from '../signing/sign-request.js';
import { buildAssumeRoleBody, type AssumeRoleParams } from '../sts/assume-role.js';
import { buildCertificateQuery, type CertificateParams } from '../sts/certificate.js';
import { buildCustomTokenQuery, type CustomTokenParams } from '../sts/custom-token.js';
import { buildLdapIdentityBody, type LdapIdentityParams } from '../sts/ldap.js';
import { parseStsResponse } from '../sts/parse-response.js';
import { parseEndpoint, requireString } from '../sts/validate.js';
import { buildClientGrantsBody, buildWebIdentityBody, type ClientGrantsParams, type WebIdentityParams } from '../sts/web-identity.js';
import { createHttpTransport, type HttpRequest, type HttpTransport, type TransportOptions } from '../transport/http-transport.js';
import { retryPolicy, type RetryOptions, type RetryPolicy } from '../transport/retry-policy.js';
import { exchange, type ClockCorrection } from './exchange.js';
import type {
  AssumeRoleResult,
  AssumeRoleWithCertificateResult,
  AssumeRoleWithClientGrantsResult,
  AssumeRoleWithCustomTokenResult,
  AssumeRoleWithLdapIdentityResult,
  AssumeRoleWithWebIdentityResult,
  SigningCredentials,
  StsAction,
  StsResultOf,
} from '../types.js';

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

/** Options of one AssumeRole call made through a client. */
export interface AssumeRoleCallOptions extends AssumeRoleParams {
  /** Long-term credentials that sign the call: a MinIO user's access key and secret key. */
  credentials: SigningCredentials;
}

const FORM = 'application/x-www-form-urlencoded; charset=utf-8';

/**
 * An STS client bound to one endpoint and region, holding one connection pool so repeated calls reuse connections.
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

  /** @throws {@link StsValidationError} when the endpoint is not an http(s) URL */
  constructor(options: StsClientOptions) {
    this.endpoint = parseEndpoint(options.endpoint);
    this.region = options.region || 'us-east-1';
    this.#transport = createHttpTransport(this.endpoint, options);
    this.#now = options.now ?? (() => new Date());
    this.#userAgent = `sts-creds${options.userAgent ? ` ${options.userAgent}` : ''}`;
    this.#retry = retryPolicy(options);
    this.#onEvent = options.onEvent;
  }

  /**
   * Milliseconds this client adds to its clock when signing: 0 until a server refused a request
   * as `RequestTimeTooSkewed`, then the difference to that server's `Date` header.
   */
  get clockOffsetMs(): number {
    return this.#clock.offsetMs;
  }

  /** One call with retries and clock correction; `build` makes (and signs) a fresh request per attempt. */
  #call<A extends StsAction>(action: A, context: StsCallContext, build: (signingDate: Date) => HttpRequest | Promise<HttpRequest>): Promise<StsResultOf<A>> {
    return exchange({
      transport: this.#transport,
      context,
      policy: this.#retry,
      now: this.#now,
      clock: this.#clock,
      onEvent: this.#onEvent,
      build,
      parse: (answer) => parseStsResponse(action, answer, context),
    });
  }

  #context(action: string): StsCallContext {
    return { action, endpoint: this.endpoint.origin };
  }

  #url(query?: string): URL {
    const url = new URL(this.endpoint.href);
    if (!url.pathname) url.pathname = '/';
    url.search = query ?? '';
    return url;
  }

  /**
   * Calls AssumeRole: a SigV4-signed POST with a form body and no query string.
   * @throws {@link StsValidationError} before sending, for bad parameters
   * @throws {@link StsServiceError} when STS answers with an error document
   * @throws {@link StsResponseError} when the answer is not a valid STS response
   * @throws {@link StsTransportError} when no answer arrives
   */
  async assumeRole(options: AssumeRoleCallOptions): Promise<AssumeRoleResult> {
    const context = this.#context('AssumeRole');
    const credentials = options.credentials ?? {};
    requireString(credentials.accessKeyId, 'credentials.accessKeyId', context);
    requireString(credentials.secretAccessKey, 'credentials.secretAccessKey', context);
    const body = buildAssumeRoleBody(options, context, this.#now());
    const url = this.#url();
    return this.#call('AssumeRole', context, async (signingDate) => {
      const headers = await signRequest(
        { method: 'POST', url, headers: { 'content-type': FORM, 'user-agent': this.#userAgent }, body },
        { credentials, region: this.region, service: 'sts', signingDate },
      );
      return { method: 'POST', url, headers, body };
    });
  }

  /**
   * Calls AssumeRoleWithCustomToken: an unsigned POST with every parameter in the query string.
   * @throws {@link StsValidationError} before sending, for bad parameters
   * @throws {@link StsServiceError} when STS (or the identity plugin) refuses
   * @throws {@link StsResponseError} when the answer is not a valid STS response
   * @throws {@link StsTransportError} when no answer arrives
   */
  async assumeRoleWithCustomToken(options: CustomTokenParams): Promise<AssumeRoleWithCustomTokenResult> {
    const context = this.#context('AssumeRoleWithCustomToken');
    return this.#postQuery('AssumeRoleWithCustomToken', buildCustomTokenQuery(options, context), context);
  }

  /**
   * Calls AssumeRoleWithLDAPIdentity (MinIO): an unsigned POST whose form body carries the LDAP user name and
   * password (never the URL).
   * @throws {@link StsValidationError} before sending, for bad parameters
   * @throws {@link StsServiceError} when STS refuses (a wrong password is 400 `InvalidParameterValue` "LDAP server error: ...")
   * @throws {@link StsResponseError} when the answer is not a valid STS response
   * @throws {@link StsTransportError} when no answer arrives
   */
  async assumeRoleWithLdapIdentity(options: LdapIdentityParams): Promise<AssumeRoleWithLdapIdentityResult> {
    const context = this.#context('AssumeRoleWithLDAPIdentity');
    return this.#postForm('AssumeRoleWithLDAPIdentity', buildLdapIdentityBody(options, context), context);
  }

  /**
   * Calls AssumeRoleWithWebIdentity: an unsigned POST with a form body carrying the OpenID Connect token.
   * @throws {@link StsValidationError} before sending, for bad parameters
   * @throws {@link StsServiceError} when STS refuses the token (expired, wrong audience, unknown key, no policy ...)
   * @throws {@link StsResponseError} when the answer is not a valid STS response
   * @throws {@link StsTransportError} when no answer arrives
   */
  async assumeRoleWithWebIdentity(options: WebIdentityParams): Promise<AssumeRoleWithWebIdentityResult> {
    const context = this.#context('AssumeRoleWithWebIdentity');
    return this.#postForm('AssumeRoleWithWebIdentity', buildWebIdentityBody(options, context, this.#now()), context);
  }

  /**
   * Calls AssumeRoleWithClientGrants (MinIO): an unsigned POST with a form body carrying the access token.
   * @throws {@link StsValidationError} before sending, for bad parameters
   * @throws {@link StsServiceError} when STS refuses the token
   * @throws {@link StsResponseError} when the answer is not a valid STS response
   * @throws {@link StsTransportError} when no answer arrives
   */
  async assumeRoleWithClientGrants(options: ClientGrantsParams): Promise<AssumeRoleWithClientGrantsResult> {
    const context = this.#context('AssumeRoleWithClientGrants');
    return this.#postForm('AssumeRoleWithClientGrants', buildClientGrantsBody(options, context), context);
  }

  /**
   * Calls AssumeRoleWithCertificate (MinIO): an unsigned POST over mutual TLS with the parameters in the query
   * string. The identity is the TLS client certificate, so create the client with `cert` and `key` (or `pfx`),
   * and usually `ca`, on an `https://` endpoint.
   * @throws {@link StsValidationError} before sending, for bad parameters
   * @throws {@link StsServiceError} when STS refuses: 400 `InsecureConnection` over plain http, 400 `MissingParameter`
   *   without a client certificate, 400 `InvalidClientCertificate` for one MinIO does not trust
   * @throws {@link StsResponseError} when the answer is not a valid STS response
   * @throws {@link StsTransportError} when no answer arrives (including TLS failures)
   */
  async assumeRoleWithCertificate(options: CertificateParams = {}): Promise<AssumeRoleWithCertificateResult> {
    const context = this.#context('AssumeRoleWithCertificate');
    return this.#postQuery('AssumeRoleWithCertificate', buildCertificateQuery(options, context), context);
  }

  /** An unsigned form POST to `/` with no query string (MinIO's route R2). */
  async #postForm<A extends StsAction>(action: A, body: string, context: StsCallContext): Promise<StsResultOf<A>> {
    const url = this.#url();
    return this.#call(action, context, () => ({ method: 'POST', url, headers: { 'content-type': FORM, 'user-agent': this.#userAgent }, body }));
  }

  /** An unsigned POST with every parameter in the query string and an empty body (MinIO's routes R6, R7). */
  async #postQuery<A extends StsAction>(action: A, query: string, context: StsCallContext): Promise<StsResultOf<A>> {
    const url = this.#url(query);
    return this.#call(action, context, () => ({ method: 'POST', url, headers: { 'user-agent': this.#userAgent, 'content-length': '0' }, body: '' }));
  }

  /** Closes the connection pool (an injected dispatcher is left open). */
  async close(): Promise<void> {
    await this.#transport.close();
  }
}
