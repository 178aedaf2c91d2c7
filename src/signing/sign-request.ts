import { SignatureV4 } from '@smithy/signature-v4';
import type { SigningCredentials } from '../types.js';
import { NodeSha256, sha256Hex } from './sha256.js';

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

/**
 * SigV4-signs a request and returns the headers to send (the input headers plus `host`,
 * `x-amz-date`, `x-amz-content-sha256`, `authorization`, and `x-amz-security-token` when the
 * signing credentials carry a session token).
 *
 * The payload hash is always the SHA-256 of the exact body bytes, which is what MinIO's STS checks.
 */
export async function signRequest(request: RequestToSign, options: SignOptions): Promise<Record<string, string>> {
  const signer = new SignatureV4({
    credentials: {
      accessKeyId: options.credentials.accessKeyId,
      secretAccessKey: options.credentials.secretAccessKey,
      ...(options.credentials.sessionToken ? { sessionToken: options.credentials.sessionToken } : {}),
    },
    region: options.region,
    service: options.service,
    sha256: NodeSha256,
    uriEscapePath: options.service !== 's3',
    applyChecksum: true,
  });
  const query: Record<string, string | string[]> = Object.create(null) as Record<string, string | string[]>;
  for (const [key, value] of request.url.searchParams) {
    const prev = query[key];
    if (prev === undefined) query[key] = value;
    else query[key] = Array.isArray(prev) ? [...prev, value] : [prev, value];
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
    { signingDate: options.signingDate },
  );
  return signed.headers as Record<string, string>;
}
