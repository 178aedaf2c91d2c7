import type { ListedObject } from '../s3/list-objects.js';
import type { StsResult } from '../sts/registry.js';
import { formatIsoUtc, formatTimeLeft } from './iso-time.js';

/** Colour functions for labels; identity functions when colour is off. */
export interface TextStyle {
  label(text: string): string;
  dim(text: string): string;
}

const PLAIN_STYLE: TextStyle = { label: (t) => t, dim: (t) => t };

/**
 * Labelled lines like MinIO's `assume-role.go` sample, plus the expiration and the time left. Pure.
 * @param now - the instant the time left is measured from (the server's clock when known)
 */
export function renderText(result: StsResult, now: Date, style: TextStyle = PLAIN_STYLE, header?: string): string {
  const lines: string[] = [];
  if (header) lines.push(header);
  lines.push(`${style.label('AccessKeyID:')} ${result.accessKeyId}`);
  lines.push(`${style.label('SecretAccessKey:')} ${result.secretAccessKey}`);
  lines.push(`${style.label('SessionToken:')} ${result.sessionToken}`);
  lines.push(
    `${style.label('Expiration:')} ${formatIsoUtc(result.expiration)} ${style.dim(`(in ${formatTimeLeft(result.expiration.getTime() - now.getTime())})`)}`,
  );
  if (result.action === 'AssumeRoleWithCustomToken' && result.assumedUser) lines.push(`${style.label('AssumedUser:')} ${result.assumedUser}`);
  if ('assumedRoleUser' in result && result.assumedRoleUser?.arn) lines.push(`${style.label('AssumedRoleUser:')} ${result.assumedRoleUser.arn}`);
  if (result.action === 'AssumeRoleWithWebIdentity' && result.subjectFromWebIdentityToken) {
    lines.push(`${style.label('SubjectFromWebIdentityToken:')} ${result.subjectFromWebIdentityToken}`);
  }
  if (result.action === 'AssumeRoleWithClientGrants' && result.subjectFromToken) lines.push(`${style.label('SubjectFromToken:')} ${result.subjectFromToken}`);
  if ('sourceIdentity' in result && result.sourceIdentity) lines.push(`${style.label('SourceIdentity:')} ${result.sourceIdentity}`);
  return `${lines.join('\n')}\n`;
}

/** The bucket listing printed after the credentials, as the sample prints it. Pure. */
export function renderListing(bucket: string, objects: readonly ListedObject[]): string {
  let out = `Calling list objects on bucket named \`${bucket}\` with temp creds:\n===\n`;
  for (const o of objects) out += `Key: ${o.key}\nSize: ${o.size}\nLast Modified: ${formatIsoUtc(o.lastModified)}\n===\n`;
  return out;
}
