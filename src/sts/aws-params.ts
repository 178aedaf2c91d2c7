import { StsValidationError, type StsCallContext } from '../errors.js';

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
    throw new StsValidationError('tags', `tags: at most ${AWS_LIST_LIMITS.tags} session tags are allowed, got ${list.length}`, context);
  }
  const seen = new Set<string>();
  for (const [i, tag] of list.entries()) {
    if (typeof tag.key !== 'string' || tag.key.length === 0 || tag.key.length > 128) {
      throw new StsValidationError('tags', `tags[${i}]: the key must be 1 to 128 characters`, context);
    }
    if (typeof tag.value !== 'string' || tag.value.length > 256) {
      throw new StsValidationError('tags', `tags[${i}] (${JSON.stringify(tag.key)}): the value must be a string of at most 256 characters`, context);
    }
    // AWS compares tag keys case-insensitively.
    const folded = tag.key.toLowerCase();
    if (seen.has(folded)) throw new StsValidationError('tags', `tags: the key ${JSON.stringify(tag.key)} appears twice`, context);
    seen.add(folded);
  }
  return list;
}

/** Checks a list of non-empty strings with at most `max` entries; returns it (empty when absent). Pure. */
export function stringList(value: readonly string[] | undefined, field: string, max: number, context: StsCallContext): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new StsValidationError(field, `${field} must be a list of strings`, context);
  if (value.length > max) throw new StsValidationError(field, `${field}: at most ${max} entries are allowed, got ${value.length}`, context);
  value.forEach((item, i) => {
    if (typeof item !== 'string' || item.length === 0) throw new StsValidationError(field, `${field}[${i}] must be a non-empty string`, context);
  });
  return [...value];
}

/** Appends `PolicyArns.member.N.arn` (N from 1). */
export function appendPolicyArns(form: URLSearchParams, arns: readonly string[]): void {
  arns.forEach((arn, i) => form.append(`PolicyArns.member.${i + 1}.arn`, arn));
}

/** Appends `Tags.member.N.Key` / `Tags.member.N.Value` (N from 1). */
export function appendTags(form: URLSearchParams, tags: readonly SessionTag[]): void {
  tags.forEach((tag, i) => {
    form.append(`Tags.member.${i + 1}.Key`, tag.key);
    form.append(`Tags.member.${i + 1}.Value`, tag.value);
  });
}

/** Appends `TransitiveTagKeys.member.N` (N from 1). */
export function appendTransitiveTagKeys(form: URLSearchParams, keys: readonly string[]): void {
  keys.forEach((key, i) => form.append(`TransitiveTagKeys.member.${i + 1}`, key));
}

/** Checks the MFA pair: both or neither, and a six-digit `tokenCode`. Pure. */
export function checkMfa(serialNumber: string | undefined, tokenCode: string | undefined, context: StsCallContext): void {
  if (tokenCode && !serialNumber) throw new StsValidationError('serialNumber', 'tokenCode needs serialNumber (the MFA device)', context);
  if (serialNumber && !tokenCode) throw new StsValidationError('tokenCode', 'serialNumber needs tokenCode (the current MFA code)', context);
  if (tokenCode !== undefined && tokenCode !== '' && !/^\d{6}$/.test(tokenCode)) {
    throw new StsValidationError('tokenCode', 'tokenCode must be the six digits the MFA device shows', context);
  }
}
