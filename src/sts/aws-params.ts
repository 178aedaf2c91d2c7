import { StsValidationError, type StsCallContext } from '../errors.js';
import type { WireParam } from './action.js';

/** A session tag (AWS STS `Tags.member.N`). */
export interface SessionTag {
  key: string;
  value: string;
}

/** Session tags: a `{ key: value }` object, or a list of `{ key, value }` pairs (order kept). */
export type SessionTags = Readonly<Record<string, string>> | ReadonlyArray<SessionTag>;

/** AWS STS limits on the list parameters (AssumeRole API reference). */
export const AWS_LIST_LIMITS = { tags: 50, transitiveTagKeys: 50, policyArns: 10 } as const;

/** The session name sent when a role ARN is given without one: `sts-creds-<unix seconds>`. */
export function defaultRoleSessionName(now: Date): string {
  return `sts-creds-${Math.floor(now.getTime() / 1000)}`;
}

/** Normalises {@link SessionTags} to a list and checks AWS's size rules. Pure. */
export function normalizeTags(tags: SessionTags | undefined, context: StsCallContext): SessionTag[] {
  if (tags === undefined) return [];
  const list: SessionTag[] = Array.isArray(tags)
    ? (tags as ReadonlyArray<SessionTag>).map((t) => ({ key: t?.key, value: t?.value }))
    : Object.entries(tags as Record<string, string>).map(([key, value]) => ({ key, value }));
  if (list.length > AWS_LIST_LIMITS.tags) {
    throw new StsValidationError(`tags: at most ${AWS_LIST_LIMITS.tags} session tags are allowed, got ${list.length}`, { field: 'tags', context });
  }
  const seen = new Set<string>();
  for (const [i, tag] of list.entries()) {
    if (typeof tag.key !== 'string' || tag.key.length === 0 || tag.key.length > 128) {
      throw new StsValidationError(`tags[${i}]: the key must be 1 to 128 characters`, { field: 'tags', context });
    }
    if (typeof tag.value !== 'string' || tag.value.length > 256) {
      throw new StsValidationError(`tags[${i}] (${JSON.stringify(tag.key)}): the value must be a string of at most 256 characters`, { field: 'tags', context });
    }
    // AWS compares tag keys case-insensitively.
    const folded = tag.key.toLowerCase();
    if (seen.has(folded)) throw new StsValidationError(`tags: the key ${JSON.stringify(tag.key)} appears twice`, { field: 'tags', context });
    seen.add(folded);
  }
  return list;
}

/** Checks a list of non-empty strings with at most `max` entries; returns it (empty when absent). Pure. */
export function stringList(value: readonly string[] | undefined, field: string, max: number, context: StsCallContext): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new StsValidationError(`${field} must be a list of strings`, { field, context });
  if (value.length > max) throw new StsValidationError(`${field}: at most ${max} entries are allowed, got ${value.length}`, { field, context });
  value.forEach((item, i) => {
    if (typeof item !== 'string' || item.length === 0) throw new StsValidationError(`${field}[${i}] must be a non-empty string`, { field, context });
  });
  return [...(value as readonly string[])];
}

/** `PolicyArns.member.N.arn` wire parameters (N from 1). */
export function policyArnParams(arns: readonly string[] | undefined): WireParam[] {
  return (arns ?? []).map((arn, i) => [`PolicyArns.member.${i + 1}.arn`, arn] as const);
}

/** `Tags.member.N.Key` / `Tags.member.N.Value` wire parameters (N from 1). */
export function tagParams(tags: readonly SessionTag[]): WireParam[] {
  return tags.flatMap((tag, i) => [[`Tags.member.${i + 1}.Key`, tag.key] as const, [`Tags.member.${i + 1}.Value`, tag.value] as const]);
}

/** `TransitiveTagKeys.member.N` wire parameters (N from 1). */
export function transitiveTagKeyParams(keys: readonly string[] | undefined): WireParam[] {
  return (keys ?? []).map((key, i) => [`TransitiveTagKeys.member.${i + 1}`, key] as const);
}

/** Checks the MFA pair: both or neither, and a six-digit `tokenCode`. Pure. */
export function checkMfa(serialNumber: string | undefined, tokenCode: string | undefined, context: StsCallContext): void {
  if (tokenCode && !serialNumber) throw new StsValidationError('tokenCode needs serialNumber (the MFA device)', { field: 'serialNumber', context });
  if (serialNumber && !tokenCode) throw new StsValidationError('serialNumber needs tokenCode (the current MFA code)', { field: 'tokenCode', context });
  if (tokenCode !== undefined && tokenCode !== '' && !/^\d{6}$/.test(tokenCode)) {
    throw new StsValidationError('tokenCode must be the six digits the MFA device shows', { field: 'tokenCode', context });
  }
}
