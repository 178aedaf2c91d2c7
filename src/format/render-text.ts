import { STS_ACTIONS, type StsResult } from '../sts/registry.js';
import { escapeControl } from '../text/server-text.js';
import { formatIsoUtc, formatTimeLeft } from './iso-time.js';

/** One object of a bucket listing. */
export interface ListedObject {
  key: string;
  /** Size in bytes. */
  size: number;
  lastModified: Date;
}

/**
 * An action's own result fields that are set, under their AWS names, in the action's order. Pure.
 * @param forText - only those the text output shows (an `AssumedRoleUser` as its ARN)
 */
export function resultFieldValues(result: StsResult, forText: boolean): Array<[string, unknown]> {
  const values = result as unknown as Record<string, unknown>;
  const out: Array<[string, unknown]> = [];
  for (const field of STS_ACTIONS[result.action].resultFields) {
    if (forText && !field.inText) continue;
    const value = values[field.key];
    if (value === undefined || value === '') continue;
    out.push([field.name, value]);
  }
  return out;
}

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
  const left = result.expiration.getTime() - now.getTime();
  const when = left > 0 ? `in ${formatTimeLeft(left)}` : left > -1000 ? 'expired just now' : `expired ${formatTimeLeft(-left)} ago`;
  lines.push(`${style.label('Expiration:')} ${formatIsoUtc(result.expiration)} ${style.dim(`(${when})`)}`);
  for (const [name, value] of resultFieldValues(result, true)) {
    const shown = typeof value === 'object' && value !== null ? (value as { arn?: string }).arn : String(value);
    // Server text: control characters are shown escaped, never sent to the terminal.
    if (shown) lines.push(`${style.label(`${name}:`)} ${escapeControl(shown)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The bucket listing printed after the credentials, as the sample prints it. Pure. */
export function renderListing(bucket: string, objects: readonly ListedObject[], cut?: string): string {
  let out = `Calling list objects on bucket named \`${bucket}\` with temp creds:\n===\n`;
  for (const o of objects) out += `Key: ${escapeControl(o.key)}\nSize: ${o.size}\nLast Modified: ${formatIsoUtc(o.lastModified)}\n===\n`;
  if (cut) out += `(${cut})\n`;
  return out;
}
