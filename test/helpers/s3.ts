/**
 * A minimal signed S3 client for integration tests: enough to prove that temporary credentials
 * really work (PUT/GET/DELETE objects, create buckets). Path-style, one connection per call.
 */
import { Client } from 'undici';
import { signRequest } from '../../src/signing/sign-request.js';
import type { SigningCredentials } from '../../src/types.js';

export interface S3CallOptions {
  endpoint: string;
  credentials: SigningCredentials;
  method: 'GET' | 'PUT' | 'DELETE' | 'HEAD';
  bucket: string;
  /** Object key; omit for bucket-level calls. Keep it URL-safe: it is not escaped. */
  key?: string;
  body?: string;
  /** @defaultValue `'us-east-1'` */
  region?: string;
  /** CA certificate (PEM) to trust for an https endpoint. */
  ca?: string;
}

export interface S3Answer {
  statusCode: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** `<Code>` of an S3 error document, if the body is one. */
  errorCode: string | undefined;
}

/** One signed S3 request (signed with the session token when the credentials carry one). */
export async function s3Request(options: S3CallOptions): Promise<S3Answer> {
  const url = new URL(`/${options.bucket}${options.key === undefined ? '' : `/${options.key}`}`, options.endpoint);
  const headers = await signRequest(
    { method: options.method, url, headers: {}, body: options.body },
    { credentials: options.credentials, region: options.region ?? 'us-east-1', service: 's3', signingDate: new Date() },
  );
  const client = new Client(url.origin, options.ca ? { connect: { ca: options.ca } } : {});
  try {
    const res = await client.request({
      method: options.method,
      path: `${url.pathname}${url.search}`,
      headers,
      body: options.body ?? null,
    });
    const body = await res.body.text();
    return {
      statusCode: res.statusCode,
      headers: res.headers,
      body,
      errorCode: /<Error>[\s\S]*?<Code>([^<]*)<\/Code>/.exec(body)?.[1],
    };
  } finally {
    await client.close();
  }
}

/** PUT an object; resolves with the answer whatever its status. */
export function putObject(endpoint: string, credentials: SigningCredentials, bucket: string, key: string, body: string): Promise<S3Answer> {
  return s3Request({ endpoint, credentials, method: 'PUT', bucket, key, body });
}

/** GET an object; resolves with the answer whatever its status. */
export function getObject(endpoint: string, credentials: SigningCredentials, bucket: string, key: string): Promise<S3Answer> {
  return s3Request({ endpoint, credentials, method: 'GET', bucket, key });
}

/** Create a bucket (PUT /bucket); resolves with the answer whatever its status. */
export function createBucket(endpoint: string, credentials: SigningCredentials, bucket: string): Promise<S3Answer> {
  return s3Request({ endpoint, credentials, method: 'PUT', bucket });
}
