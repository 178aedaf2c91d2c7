/** Small assertions shared by the tests of the STS actions. */
import { expect } from 'vitest';
import { StsValidationError } from '../../src/errors.js';
import { isStsServiceError, type StsServiceError } from '../../src/index.js';

/** Call contexts for validation tests. */
export const CTX_ROLE = { action: 'AssumeRole', endpoint: 'http://127.0.0.1:9000' };
export const CTX_TOKEN = { action: 'AssumeRoleWithCustomToken', endpoint: 'http://127.0.0.1:9000' };

/** Runs `fn`, which must throw a {@link StsValidationError}, and returns that error. */
export function validationError(fn: () => unknown): StsValidationError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(StsValidationError);
    return error as StsValidationError;
  }
  return expect.fail('expected a StsValidationError');
}

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

/** A session policy that allows listing `bucket` and nothing else. */
export function listOnlyPolicy(bucket: string): { Version: string; Statement: unknown[] } {
  return { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:ListBucket'], Resource: [`arn:aws:s3:::${bucket}`] }] };
}
