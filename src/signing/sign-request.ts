import { SignatureV4 } from '@smithy/signature-v4';
import type { SigningCredentials } from '../types.js';
import { nodeSha256, sha256Hex } from './sha256.js';

/** What to sign: the exact URL, method, headers and body that will be sent. */
export interface RequestToSign {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body: string | undefined;
}

/** Options for {@link signRequest}. */
export interface SignOptions {
  credentials: SigningCredentials;
  region: string;
  /** `sts` for STS calls, `s3` for S3 calls. */
  service: string;
  signingDate: Date;
}

/** Signs requests for one region and service; see {@link createSigner}. */
export type RequestSigner = (request: RequestToSign, credentials: SigningCredentials, signingDate: Date) => Promise<Record<string, string>>;

/**
 * A SigV4 signer for one region and service, for many calls: it keeps the `SignatureV4` of the last
 * credentials it signed with (compared by value, so a caller may pass a new object each time) instead of
 * building one per request. The headers it returns are those of {@link signRequest}.
 */
export function createSigner(options: { region: string; service: string }): RequestSigner {
  const { region, service } = options;
  let last: { accessKeyId: string; secretAccessKey: string; sessionToken: string | undefined; signer: SignatureV4 } | undefined;
  return (request, credentials, signingDate) => {
    const sessionToken = credentials.sessionToken || undefined;
    if (
      last === undefined ||
      last.accessKeyId !== credentials.accessKeyId ||
      last.secretAccessKey !== credentials.secretAccessKey ||
      last.sessionToken !== sessionToken
    ) {
      last = {
        accessKeyId: credentials.accessKeyId,
        secretAccessKey: credentials.secretAccessKey,
        sessionToken,
        signer: new SignatureV4({
          // A copy: the signer must not see later changes to the caller's object.
          credentials: { accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey, ...(sessionToken ? { sessionToken } : {}) },
          region,
          service,
          sha256: nodeSha256(),
          uriEscapePath: service !== 's3',
          applyChecksum: true,
        }),
      };
    }
    return sign(last.signer, request, signingDate);
  };
}

async function sign(signer: SignatureV4, request: RequestToSign, signingDate: Date): Promise<Record<string, string>> {
  const query: Record<string, string | string[]> = Object.create(null) as Record<string, string | string[]>;
  if (request.url.search) {
    for (const [key, value] of request.url.searchParams) {
      const prev = query[key];
      if (prev === undefined) query[key] = value;
      else query[key] = Array.isArray(prev) ? [...prev, value] : [prev, value];
    }
  }
  const signed = await signer.sign(
    {
      method: request.method,
      protocol: request.url.protocol,
      hostname: request.url.hostname,
      ...(request.url.port ? { port: Number(request.url.port) } : {}),
      path: request.url.pathname,
      query,
      headers: {
        ...request.headers,
        host: request.url.host,
        'x-amz-content-sha256': sha256Hex(request.body ?? ''),
      },
      ...(request.body !== undefined ? { body: request.body } : {}),
    },
    { signingDate },
  );
  return signed.headers;
}

/**
 * SigV4-signs a request and returns the headers to send (the input headers plus `host`,
 * `x-amz-date`, `x-amz-content-sha256`, `authorization`, and `x-amz-security-token` when the
 * signing credentials carry a session token).
 *
 * The payload hash is always the SHA-256 of the exact body bytes, which is what MinIO's STS checks.
 * To sign many requests, {@link createSigner} builds the signer once.
 */
export function signRequest(request: RequestToSign, options: SignOptions): Promise<Record<string, string>> {
  return createSigner(options)(request, options.credentials, options.signingDate);
}
