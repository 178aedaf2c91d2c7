import { escapeControl, redactSecrets } from '../text/server-text.js';

/** Collects the secrets a run handles, and removes them from any text before it is shown. */
export class Redactor {
  readonly #secrets = new Set<string>();

  /** Remembers a secret (ignored when shorter than 4 characters, which would redact too much). */
  add(secret: string | undefined): void {
    if (secret && secret.length >= 4) this.#secrets.add(secret);
  }

  /**
   * Replaces every remembered secret, in each form a server may echo it (plain, URL-encoded,
   * form-encoded, XML-escaped), and common URL-embedded ones, with `***`.
   */
  redact(text: string): string {
    return redactSecrets(text, this.#secrets)
      .replace(/([?&](?:Token|WebIdentityToken|LDAPPassword|X-Amz-Signature|X-Amz-Credential|X-Amz-Security-Token|token)=)[^&\s'"]*/gi, '$1***')
      .replace(/(Signature=)[0-9a-f]{16,}/gi, '$1***');
  }

  /** One line for the terminal: {@link redact}ed first (so escaping cannot disguise a secret), then control characters escaped. */
  line(text: string): string {
    return escapeControl(this.redact(text));
  }
}
