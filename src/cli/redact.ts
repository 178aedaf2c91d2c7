/** Collects the secrets a run handles, and removes them from any text before it is shown. */
export class Redactor {
  readonly #secrets = new Set<string>();

  /** Remembers a secret (ignored when shorter than 4 characters, which would redact too much). */
  add(secret: string | undefined): void {
    if (secret && secret.length >= 4) this.#secrets.add(secret);
  }

  /** Replaces every remembered secret, and common URL-embedded ones, with `***`. */
  redact(text: string): string {
    let out = text;
    for (const secret of [...this.#secrets].sort((a, b) => b.length - a.length)) out = out.split(secret).join('***');
    return out
      .replace(/([?&](?:Token|WebIdentityToken|LDAPPassword|X-Amz-Signature|X-Amz-Credential|X-Amz-Security-Token|token)=)[^&\s'"]*/gi, '$1***')
      .replace(/(Signature=)[0-9a-f]{16,}/gi, '$1***');
  }
}
