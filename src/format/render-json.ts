import type { ListedObject } from '../s3/list-objects.js';
import type { StsResult } from '../sts/registry.js';
import { formatIsoUtc } from './iso-time.js';

/** One JSON object with the AWS field names (`AccessKeyId`, ..., `Expiration` in ISO 8601 UTC) plus metadata. Pure. */
export function renderJson(result: StsResult, objects?: readonly ListedObject[]): string {
  const out: Record<string, unknown> = {
    AccessKeyId: result.accessKeyId,
    SecretAccessKey: result.secretAccessKey,
    SessionToken: result.sessionToken,
    Expiration: formatIsoUtc(result.expiration),
    Action: result.action,
  };
  if (result.requestId) out.RequestId = result.requestId;
  if (result.action === 'AssumeRoleWithCustomToken' && result.assumedUser) out.AssumedUser = result.assumedUser;
  if ('assumedRoleUser' in result && result.assumedRoleUser?.arn) {
    out.AssumedRoleUser = { Arn: result.assumedRoleUser.arn, AssumedRoleId: result.assumedRoleUser.assumedRoleId };
  }
  if (result.action === 'AssumeRoleWithWebIdentity') {
    if (result.subjectFromWebIdentityToken) out.SubjectFromWebIdentityToken = result.subjectFromWebIdentityToken;
    if (result.audience) out.Audience = result.audience;
    if (result.provider) out.Provider = result.provider;
  }
  if (result.action === 'AssumeRoleWithClientGrants' && result.subjectFromToken) out.SubjectFromToken = result.subjectFromToken;
  if ('sourceIdentity' in result && result.sourceIdentity) out.SourceIdentity = result.sourceIdentity;
  if ('packedPolicySize' in result && result.packedPolicySize !== undefined) out.PackedPolicySize = result.packedPolicySize;
  if (objects) {
    out.Objects = objects.map((o) => ({ Key: o.key, Size: o.size, LastModified: formatIsoUtc(o.lastModified) }));
  }
  return `${JSON.stringify(out, null, 2)}\n`;
}
