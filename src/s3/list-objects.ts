import { StsResponseError, StsServiceError, StsValidationError, serviceErrorMessage } from '../errors.js';
import { serverText } from '../text/server-text.js';
import { readErrorDocument } from '../xml/error-document.js';
import { signRequest } from '../signing/sign-request.js';
import { parseEndpoint } from '../sts/validate.js';
import { createHttpTransport, type TransportOptions } from '../transport/http-transport.js';
import type { SigningCredentials } from '../types.js';
import { XmlDocumentError, childElement, parseXml } from '../xml/parse-xml.js';

/** One object of a bucket listing. */
export interface ListedObject {
  key: string;
  /** Size in bytes. */
  size: number;
  lastModified: Date;
}

/** Options of {@link listObjects}. */
export interface ListObjectsOptions extends TransportOptions {
  endpoint: string | URL;
  bucket: string;
  /** Credentials to sign with, typically temporary ones from AssumeRole. */
  credentials: SigningCredentials;
  /** @defaultValue `'us-east-1'` */
  region?: string | undefined;
  /** Stop after this many objects. @defaultValue 10000 */
  limit?: number | undefined;
  now?: (() => Date) | undefined;
}

/**
 * Lists a bucket's objects with S3 ListObjectsV2 (path-style), following continuation tokens.
 * Used by the CLI's `--bucket` to prove that fresh credentials do real S3 work.
 * @throws {@link StsServiceError} with the S3 error code on an S3 error document
 */
export async function listObjects(options: ListObjectsOptions): Promise<ListedObject[]> {
  const context = { action: 'ListObjectsV2', endpoint: '' };
  const endpoint = parseEndpoint(options.endpoint, context);
  context.endpoint = endpoint.origin;
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(options.bucket)) {
    throw new StsValidationError(`bucket name ${JSON.stringify(options.bucket)} is not a valid S3 bucket name`, { field: 'bucket', context });
  }
  const transport = createHttpTransport(endpoint, options);
  const limit = options.limit ?? 10_000;
  const objects: ListedObject[] = [];
  try {
    let token: string | undefined;
    do {
      const url = new URL(`/${options.bucket}`, endpoint);
      url.searchParams.set('list-type', '2');
      if (token) url.searchParams.set('continuation-token', token);
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
        throw new StsResponseError(`ListObjectsV2 failed: HTTP ${answer.statusCode} with ${reason}`, { statusCode: answer.statusCode, context });
      }
      if (answer.statusCode !== 200 || root.name === 'Error') {
        const doc = readErrorDocument(root);
        const fields = {
          statusCode: answer.statusCode,
          stsCode: serverText(doc?.code ?? 'UnknownError').slice(0, 100),
          serverMessage: serverText(doc?.message ?? ''),
          requestId: doc?.requestId === undefined ? undefined : serverText(doc.requestId).slice(0, 200),
        };
        throw new StsServiceError(serviceErrorMessage(fields, context), { ...fields, context });
      }
      for (const el of root.children) {
        if (el.name !== 'Contents') continue;
        objects.push({
          key: childElement(el, 'Key')?.text ?? '',
          size: Number(childElement(el, 'Size')?.text ?? 0),
          lastModified: new Date(childElement(el, 'LastModified')?.text ?? 0),
        });
      }
      token = childElement(root, 'IsTruncated')?.text === 'true' ? childElement(root, 'NextContinuationToken')?.text : undefined;
    } while (token && objects.length < limit);
  } finally {
    await transport.close();
  }
  return objects.slice(0, limit);
}
