import { StsValidationError, type StsCallContext } from '../errors.js';
import { quoteText } from '../text/quote-text.js';
import type { ListedObject } from '../format/render-text.js';
import { signRequest } from '../signing/sign-request.js';
import { parseEndpoint } from '../sts/validate.js';
import { serverText } from '../text/server-text.js';
import { createHttpTransport, type TransportOptions } from '../transport/http-transport.js';
import type { SigningCredentials } from '../types.js';
import { readErrorDocument } from '../xml/error-document.js';
import { XmlDocumentError, childElement, parseXml } from '../xml/parse-xml.js';

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
export interface ListObjectsOptions extends TransportOptions {
  endpoint: string | URL;
  bucket: string;
  /** Credentials to sign with: the temporary ones just obtained. */
  credentials: SigningCredentials;
  /** @defaultValue `'us-east-1'` */
  region?: string | undefined;
  /** Stop after this many objects. @defaultValue 10000 */
  limit?: number | undefined;
  now?: (() => Date) | undefined;
}

/** A listing, and why it stopped early when it did. */
export interface Listing {
  objects: ListedObject[];
  /** Set when the listing was cut (object limit, page limit, or a continuation token that did not change). */
  cut: string | undefined;
}

/**
 * Lists a bucket's objects with S3 ListObjectsV2 (path-style), following continuation tokens, for the CLI's
 * `--bucket`: proof that the new credentials do real S3 work. Bounded: at most `limit` objects and
 * {@link MAX_LISTING_PAGES} pages, and a continuation token must change from page to page.
 * @throws {@link S3ListingError} on an S3 error document or an answer that is not one
 */
export async function listObjects(options: ListObjectsOptions): Promise<Listing> {
  const context: StsCallContext = { action: 'ListObjectsV2', endpoint: '' };
  const endpoint = parseEndpoint(options.endpoint, context);
  context.endpoint = endpoint.origin;
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(options.bucket)) {
    throw new StsValidationError(`bucket name ${quoteText(options.bucket)} is not a valid S3 bucket name`, { field: 'bucket', context });
  }
  const transport = createHttpTransport(endpoint, options);
  const limit = options.limit ?? 10_000;
  const objects: ListedObject[] = [];
  const seen = new Set<string>();
  try {
    let token: string | undefined;
    for (let page = 1; ; page++) {
      const url = new URL(`/${options.bucket}`, endpoint);
      url.searchParams.set('list-type', '2');
      if (token !== undefined) url.searchParams.set('continuation-token', token);
      const headers = await signRequest(
        { method: 'GET', url, headers: {}, body: undefined },
        { credentials: options.credentials, region: options.region || 'us-east-1', service: 's3', signingDate: (options.now ?? (() => new Date()))() },
      );
      const answer = await transport.send({ method: 'GET', url, headers }, context);
      let root;
      try {
        root = parseXml(answer.body);
      } catch (error) {
        const reason = error instanceof XmlDocumentError ? error.message : 'unreadable XML';
        throw new S3ListingError(`ListObjectsV2 failed: HTTP ${answer.statusCode} with ${reason}`, { statusCode: answer.statusCode });
      }
      if (answer.statusCode !== 200 || root.name === 'Error') {
        const doc = readErrorDocument(root);
        const code = serverText(doc?.code ?? 'UnknownError').slice(0, 100);
        const message = serverText(doc?.message ?? '');
        const requestId = doc?.requestId === undefined ? '' : ` (request id ${serverText(doc.requestId).slice(0, 200)})`;
        throw new S3ListingError(`ListObjectsV2 on ${options.bucket} failed: ${code} (HTTP ${answer.statusCode}): ${message || 'no message'}${requestId}`, {
          statusCode: answer.statusCode,
          s3Code: code,
        });
      }
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
