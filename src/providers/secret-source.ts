/** A secret a provider needs for each STS call: a fixed string, or a function asked before every call. */
export type SecretSource = string | (() => string | Promise<string>);

/** The current value of a {@link SecretSource}. */
export async function readSecret(source: SecretSource): Promise<string> {
  return typeof source === 'function' ? await source() : source;
}
