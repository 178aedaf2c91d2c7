import { StsValidationError } from '../errors.js';
import { isValidRegion, parseEndpoint } from '../sts/validate.js';

/** Where an {@link StsClient} sends its calls: the endpoint URL and the SigV4 region. */
export interface ClientTarget {
  endpoint: URL;
  region: string;
}

/**
 * The endpoint and region an {@link StsClient} with these options uses, checked as its constructor
 * checks them. Pure, and free of the client's transport, signing and XML code, so a caller that may
 * not need a client (a cache lookup) can know its target without loading them.
 * @throws {@link StsValidationError} when the endpoint is not an http(s) URL or the region is malformed
 */
export function clientTarget(options: { endpoint: string | URL; region?: string | undefined }): ClientTarget {
  const endpoint = parseEndpoint(options.endpoint);
  const region = options.region || 'us-east-1';
  if (!isValidRegion(region)) {
    throw new StsValidationError('region must be 1 to 64 letters, digits, dots, dashes or underscores, e.g. us-east-1', { field: 'region' });
  }
  return { endpoint, region };
}
