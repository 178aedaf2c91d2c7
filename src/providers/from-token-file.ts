import { StsValidationError } from '../errors.js';
import { readFile } from '../fs/promised-fs.js';

/** Largest token file read: a JWT is a few kilobytes; Kubernetes' projected tokens about 1 KiB. */
const MAX_TOKEN_BYTES = 64 * 1024;

/**
 * A token source that reads `path` again for every STS call, for a provider's secret (`webIdentityToken`,
 * `token`): projected service-account tokens rotate (the kubelet rewrites the file, typically hourly), so a
 * long-running provider must send the current one. Surrounding whitespace is dropped. A file that cannot be
 * read, is empty or too large fails that refresh with {@link StsValidationError} (field `tokenFile`, naming
 * the path and never the content); the provider keeps serving credentials that are still valid and tries
 * again after its backoff.
 *
 * @example
 * ```ts
 * const credentials = fromWebIdentity({
 *   endpoint: process.env.AWS_ENDPOINT_URL_STS!,
 *   webIdentityToken: fromTokenFile(process.env.AWS_WEB_IDENTITY_TOKEN_FILE!),
 * });
 * ```
 * @throws {@link StsValidationError} at once for an empty path
 */
export function fromTokenFile(path: string): () => Promise<string> {
  if (typeof path !== 'string' || path === '') throw new StsValidationError('tokenFile must be a non-empty path', { field: 'tokenFile' });
  return async () => {
    let data: Buffer;
    try {
      data = await readFile(path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'error';
      throw new StsValidationError(`cannot read the token file ${JSON.stringify(path)}: ${code}`, { field: 'tokenFile', cause: error });
    }
    if (data.length > MAX_TOKEN_BYTES) throw new StsValidationError(`the token file ${JSON.stringify(path)} is larger than ${MAX_TOKEN_BYTES} bytes`, { field: 'tokenFile' });
    const token = data.toString('utf8').trim();
    if (!token) throw new StsValidationError(`the token file ${JSON.stringify(path)} is empty`, { field: 'tokenFile' });
    return token;
  };
}
