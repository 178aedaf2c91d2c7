/** Small assertions shared by the integration tests of the STS actions. */
import { expect } from 'vitest';
import { isStsServiceError, type StsServiceError } from '../../src/index.js';

/** Awaits a call that must fail with an STS error document, and returns that error. */
export async function serviceError(promise: Promise<unknown>): Promise<StsServiceError> {
  const error = await promise.then(
    () => expect.unreachable('the call should have failed'),
    (reason: unknown) => reason,
  );
  expect(isStsServiceError(error)).toBe(true);
  return error as StsServiceError;
}

/** Lifetime of credentials in seconds, measured on the server's clock. */
export function lifetime(result: { expiration: Date; serverDate: Date | undefined }): number {
  return (result.expiration.getTime() - result.serverDate!.getTime()) / 1000;
}
