/**
 * A secret a provider needs for each STS call: a fixed string, or a function asked before every call (for a
 * token that rotates, or a secret re-read from a file another process renews). The function runs under the
 * call's `timeoutMs`, so one that never settles cannot hang the provider.
 */
export type SecretSource = string | (() => string | Promise<string>);

/** A call's parameters with its secret parameter `K` taken from a {@link SecretSource}. */
export type WithSecretSource<P, K extends keyof P> = Omit<P, K> & { [Key in K]: SecretSource };
