import type { StsResult } from '../sts/registry.js';
import { formatIsoUtc } from './iso-time.js';
import { resultFieldValues, type ListedObject } from './render-text.js';

/** One JSON object with the AWS field names (`AccessKeyId`, ..., `Expiration` in ISO 8601 UTC) plus metadata. Pure. */
export function renderJson(result: StsResult, objects?: readonly ListedObject[], cut?: string): string {
  const out: Record<string, unknown> = {
    AccessKeyId: result.accessKeyId,
    SecretAccessKey: result.secretAccessKey,
    SessionToken: result.sessionToken,
    Expiration: formatIsoUtc(result.expiration),
    Action: result.action,
  };
  if (result.requestId) out.RequestId = result.requestId;
  for (const [name, value] of resultFieldValues(result, false)) {
    const user = name === 'AssumedRoleUser' ? (value as { arn: string; assumedRoleId: string }) : undefined;
    // MinIO sends an empty AssumedRoleUser; the AWS CLI shows it, and so does this output.
    out[name] = user ? { Arn: user.arn, AssumedRoleId: user.assumedRoleId } : value;
  }
  if (objects) {
    out.Objects = objects.map((o) => ({ Key: o.key, Size: o.size, LastModified: formatIsoUtc(o.lastModified) }));
    if (cut) out.ObjectsCut = cut;
  }
  return `${JSON.stringify(out, null, 2)}\n`;
}
