/**
 * The CLI's `-b` listing: S3 ListObjectsV2 with the new credentials, proof that they do real S3 work. Each page
 * goes through the client's exchange (a fresh signature per attempt, retries with backoff, one clock-skew
 * correction), as an STS call does.
 */
import { StsServiceError, StsValidationError, isStsServiceError, serviceErrorMessage, type StsCallContext } from '../errors.js';
import { exchange, type ClockCorrection } from '../client/exchange.js';
import type { ListedObject } from '../format/render-text.js';
import { signRequest } from '../signing/sign-request.js';
import { httpDate } from '../sts/parse-response.js';
import { parseEndpoint } from '../sts/validate.js';
import { serverText } from '../text/server-text.js';
import { createHttpTransport, type HttpAnswer, type TransportOptions } from '../transport/http-transport.js';
import { retryPolicy, type RetryOptions } from '../transport/retry-policy.js';
import type { SigningCredentials } from '../types.js';
import { readErrorDocument } from '../xml/error-document.js';
import { XmlDocumentError, childElement, parseXml, type XmlElement } from '../xml/parse-xml.js';

/** The most pages `-b` asks for: a server that always says "truncated" cannot keep it going. */
export const MAX_LISTING_PAGES = 100;

/** An S3 error document (or an unreadable S3 answer) from the `-b` listing: an S3 failure, not an STS one. */
export class S3ListingError extends Error {
  override name = 'S3ListingError' as const;
  /** HTTP status of the answer. */
  readonly statusCode: number;
  /** S3's error code, e.g. `AccessDenied`, when the answer was an error document. */
  readonly s3Code: string | undefined;
  constructor(message: string, init: { statusCode: number; s3Code?: string | undefined }) {
    super(message);
    this.statusCode = init.statusCode;
    this.s3Code = init.s3Code;
  }
}

/** Options of {@link listObjects}. */
export interface ListObjectsOptions extends TransportOptions, RetryOptions {
  endpoint: string | URL;
  bucket: string;
  /** Credentials to sign with: the temporary ones just obtained. */
  credentials: SigningCredentials;
  /** @defaultValue `'us-east-1'` */
  region?: string | undefined;
  /** Stop after this many objects. @defaultValue 10000 */
  limit?: number | undefined;
  now?: (() => Date) | undefined;
  /** Milliseconds to add to `now` when signing, to start from (the STS client's correction, `StsClient.clockOffsetMs`). @defaultValue 0 */
  clockOffsetMs?: number | undefined;
}

/** A listing, and why it stopped early when it did. */
export interface Listing {
  objects: ListedObject[];
  /** Set when the listing was cut (object limit, page limit, or a continuation token that did not change). */
  cut: string | undefined;
}

/** One page's root element, or the typed error its answer carries (an S3 error document is a service error, so the exchange can retry or correct the clock). */
function parsePage(answer: HttpAnswer, context: StsCallContext): XmlElement {
  let root;
  try {
    root = parseXml(answer.body);
  } catch (error) {
    const reason = error instanceof XmlDocumentError ? error.message : 'unreadable XML';
    throw new S3ListingError(`ListObjectsV2 failed: HTTP ${answer.statusCode} with ${reason}`, { statusCode: answer.statusCode });
  }
  if (answer.statusCode === 200 && root.name !== 'Error') return root;
  const doc = readErrorDocument(root);
  const fields = {
    statusCode: answer.statusCode,
    stsCode: serverText(doc?.code ?? 'UnknownError').slice(0, 100),
    serverMessage: serverText(doc?.message ?? ''),
    requestId: doc?.requestId === undefined ? undefined : serverText(doc.requestId).slice(0, 200),
    errorType: undefined,
    serverDate: httpDate(answer),
  };
  throw new StsServiceError(serviceErrorMessage(fields, context), { ...fields, context });
}

/** An S3 error document that outlived the exchange's retries, as the listing's own error. */
function asListingError(error: unknown, bucket: string): unknown {
  if (!isStsServiceError(error)) return error;
  const requestId = error.requestId === undefined ? '' : ` (request id ${error.requestId})`;
  const detail = error.detail ? ` (${error.detail})` : '';
  return new S3ListingError(`ListObjectsV2 on ${bucket} failed: ${error.stsCode} (HTTP ${error.statusCode}): ${error.serverMessage || 'no message'}${detail}${requestId}`, {
    statusCode: error.statusCode,
    s3Code: error.stsCode,
  });
}

/**
 * Lists a bucket's objects with S3 ListObjectsV2 (path-style), following continuation tokens. Bounded: at most
 * `limit` objects and {@link MAX_LISTING_PAGES} pages, and a continuation token must change from page to page.
 * @throws {@link S3ListingError} on an S3 error document or an answer that is not one
 */
export async function listObjects(options: ListObjectsOptions): Promise<Listing> {
  const context: StsCallContext = { action: 'ListObjectsV2', endpoint: '' };
  const endpoint = parseEndpoint(options.endpoint, context);
  context.endpoint = endpoint.origin;
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(options.bucket)) {
    throw new StsValidationError(`bucket name ${JSON.stringify(options.bucket)} is not a valid S3 bucket name`, { field: 'bucket', context });
  }
  const transport = createHttpTransport(endpoint, options);
  const policy = retryPolicy(options);
  const clock: ClockCorrection = { offsetMs: options.clockOffsetMs ?? 0 };
  const now = options.now ?? (() => new Date());
  const region = options.region || 'us-east-1';
  const limit = options.limit ?? 10_000;
  const objects: ListedObject[] = [];
  const seen = new Set<string>();
  try {
    let token: string | undefined;
    for (let page = 1; ; page++) {
      const url = new URL(`/${options.bucket}`, endpoint);
      url.searchParams.set('list-type', '2');
      if (token !== undefined) url.searchParams.set('continuation-token', token);
      const root = await exchange({
        transport,
        context,
        policy,
        now,
        clock,
        onEvent: options.onEvent,
        build: async (signingDate) => ({
          method: 'GET',
          url,
          headers: await signRequest({ method: 'GET', url, headers: {}, body: undefined }, { credentials: options.credentials, region, service: 's3', signingDate }),
        }),
        parse: (answer) => parsePage(answer, context),
      }).catch((error: unknown) => {
        throw asListingError(error, options.bucket);
      });
      for (const el of root.children) {
        if (el.name !== 'Contents') continue;
        objects.push({
          key: childElement(el, 'Key')?.text ?? '',
          size: Number(childElement(el, 'Size')?.text ?? 0),
          lastModified: new Date(childElement(el, 'LastModified')?.text ?? 0),
        });
      }
      const truncated = childElement(root, 'IsTruncated')?.text === 'true';
      if (!truncated) return { objects: objects.slice(0, limit), cut: undefined };
      if (objects.length >= limit) return { objects: objects.slice(0, limit), cut: `listing stopped after ${limit} objects` };
      const next = childElement(root, 'NextContinuationToken')?.text;
      if (!next || seen.has(next)) return { objects, cut: 'listing stopped: the server repeated a continuation token' };
      if (page >= MAX_LISTING_PAGES) return { objects, cut: `listing stopped after ${MAX_LISTING_PAGES} pages` };
      seen.add(next);
      token = next;
    }
  } finally {
    await transport.close();
  }
}
