/** A secret a provider needs for each STS call: a fixed string, or a function asked before every call. */
export type SecretSource = string | (() => string | Promise<string>);
