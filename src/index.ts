export { StsClient } from './client/sts-client.js';
export type { StsClientOptions, AssumeRoleCallOptions } from './client/sts-client.js';
export { assumeRole, assumeRoleWithCustomToken } from './client/one-shot.js';
export type { AssumeRoleOptions, AssumeRoleWithCustomTokenOptions } from './client/one-shot.js';
export type { AssumeRoleParams } from './sts/assume-role.js';
export type { CustomTokenParams } from './sts/custom-token.js';
export { DURATION_LIMITS, STS_API_VERSION } from './sts/validate.js';
export { listObjects } from './s3/list-objects.js';
export type { ListObjectsOptions, ListedObject } from './s3/list-objects.js';
export type { TransportOptions, Dispatcher } from './transport/http-transport.js';
export {
  StsCredsError,
  StsValidationError,
  StsServiceError,
  StsResponseError,
  StsTransportError,
  isStsCredsError,
  isStsServiceError,
} from './errors.js';
export type { StsCredsErrorCode, StsCallContext } from './errors.js';
export type {
  SigningCredentials,
  TemporaryCredentials,
  StsAction,
  StsResult,
  StsResultMetadata,
  AssumeRoleResult,
  AssumeRoleWithCustomTokenResult,
} from './types.js';
