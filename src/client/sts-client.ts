import type { StsCallContext } from '../errors.js';
import { signRequest } from '../signing/sign-request.js';
import { buildAssumeRoleBody, type AssumeRoleParams } from '../sts/assume-role.js';
import { buildCustomTokenQuery, type CustomTokenParams } from '../sts/custom-token.js';
import { parseStsResponse } from '../sts/parse-response.js';
import { parseEndpoint, requireString } from '../sts/validate.js';
import { createHttpTransport, type HttpTransport, type TransportOptions } from '../transport/http-transport.js';
import type { AssumeRoleResult, AssumeRoleWithCustomTokenResult, SigningCredentials } from '../types.js';

/** Settings of an {@link StsClient}. */
export interface StsClientOptions extends TransportOptions {
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

  /** @throws {@link StsValidationError} when the endpoint is not an http(s) URL */
  constructor(options: StsClientOptions) {
    this.endpoint = parseEndpoint(options.endpoint);
    this.region = options.region || 'us-east-1';
    this.#transport = createHttpTransport(this.endpoint, options);
    this.#now = options.now ?? (() => new Date());
    this.#userAgent = `sts-creds${options.userAgent ? ` ${options.userAgent}` : ''}`;
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
    const body = buildAssumeRoleBody(options, context);
    const url = this.#url();
    const headers = await signRequest(
      { method: 'POST', url, headers: { 'content-type': FORM, 'user-agent': this.#userAgent }, body },
      { credentials, region: this.region, service: 'sts', signingDate: this.#now() },
    );
    const answer = await this.#transport.send({ method: 'POST', url, headers, body }, context);
    return parseStsResponse('AssumeRole', answer, context);
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
    const url = this.#url(buildCustomTokenQuery(options, context));
    const answer = await this.#transport.send(
      { method: 'POST', url, headers: { 'user-agent': this.#userAgent, 'content-length': '0' }, body: '' },
      context,
    );
    return parseStsResponse('AssumeRoleWithCustomToken', answer, context);
  }

  /** Closes the connection pool (an injected dispatcher is left open). */
  async close(): Promise<void> {
    await this.#transport.close();
  }
}
