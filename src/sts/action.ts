import type { StsCallContext } from '../errors.js';
import type { AssumedRoleUser, SigningCredentials, StsResultMetadata, TemporaryCredentials } from '../types.js';
import { STS_API_VERSION, normalizePolicy, requireString, validateDurationSeconds } from './validate.js';

/**
 * How an action travels to MinIO's STS router:
 * - `signed-form`: a SigV4-signed POST with a form body (AssumeRole);
 * - `form`: an unsigned POST with a form body (LDAP, WebIdentity, ClientGrants: the secret stays out of URLs);
 * - `query`: an unsigned POST with every parameter in the query string and an empty body (CustomToken);
 * - `mtls-query`: like `query`, over mutual TLS, where the client certificate is the identity (Certificate).
 */
export type StsRoute = 'signed-form' | 'form' | 'query' | 'mtls-query';

/** The `DurationSeconds` range an action accepts. */
export interface DurationLimits {
  readonly min: number;
  readonly max: number;
}

/** Reads the action's own fields of a `<Action>Result` element; given to {@link StsActionSpec.readResult}. */
export interface ResultReader {
  /** Text of a direct child of the result element. */
  text(name: string): string | undefined;
  /** Text of a direct child, or undefined when it is absent or empty. */
  optional(name: string): string | undefined;
  /** A non-negative whole number such as `PackedPolicySize`; undefined when absent or not a number. */
  count(name: string): number | undefined;
  /** `AssumedRoleUser` (AWS's `AssumedRoleId` or MinIO's `AssumeRoleId`); undefined when absent. */
  assumedRoleUser(): AssumedRoleUser | undefined;
}

/**
 * One of an action's own result fields as shown to people and programs: its property, its AWS name (the JSON
 * key and the text label) and whether the text output shows it too.
 */
export interface ResultField {
  /** The result property, e.g. `assumedUser`. */
  readonly key: string;
  readonly name: string;
  readonly inText: boolean;
}

/** A wire parameter; pairs whose value is undefined are left out. */
export type WireParam = readonly [name: string, value: string | undefined];

/**
 * Everything about one STS action, in one place: how it travels, what it accepts, how its parameters become
 * wire parameters and how its result element is read. {@link StsClient} runs any action from this alone.
 *
 * @typeParam Name - the STS action name
 * @typeParam Params - the call's parameters (for `signed-form`, including the signing credentials)
 * @typeParam Extra - the action's own result fields (besides credentials and metadata)
 */
export interface StsActionSpec<Name extends string = string, Params extends object = object, Extra extends object = object> {
  readonly name: Name;
  readonly route: StsRoute;
  readonly durationLimits: DurationLimits;
  /** Every parameter name, so option bags can be narrowed to the call's own parameters. */
  readonly paramNames: readonly (keyof Params & string)[];
  /** The parameter that carries the caller's secret (a password or token); providers may take it from a function. */
  readonly secretParam?: (keyof Params & string) | undefined;
  /** For `signed-form`: the long-term credentials that sign the call. */
  signingCredentials?(params: Params): SigningCredentials;
  /**
   * Checks the action's own parameters (the secret, the signing keys, `durationSeconds` and `policy` are checked
   * for every action by {@link validateAction}); builds nothing. @throws StsValidationError
   */
  validate(params: Params, context: StsCallContext): void;
  /** The wire parameters of checked parameters, besides `Action` and `Version`. Pure apart from `now`. */
  wire(params: Params, now: Date): readonly WireParam[];
  /** The action's own fields of its result element. Pure. */
  readResult(result: ResultReader): Extra;
  /** How the action's own result fields are shown, in order. */
  readonly resultFields: readonly ResultField[];
}

/** Any action description. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyStsActionSpec = StsActionSpec<string, any, any>;

/** The parameters an action description takes. */
export type ParamsOf<S> = S extends { validate(params: infer P, context: StsCallContext): void } ? P : never;

/** The result of an action: credentials, metadata and its own fields. */
export type ResultOf<S> = S extends { readonly name: infer N; readResult(result: ResultReader): infer E }
  ? Omit<TemporaryCredentials & StsResultMetadata, 'action'> & { action: N } & E
  : never;

/** An optional string parameter as sent: an empty string counts as not given. */
export function optional(value: string | undefined): string | undefined {
  return value || undefined;
}

/** Declares an action description (an identity function that keeps the literal types). */
export function defineAction<Name extends string, Params extends object, Extra extends object>(
  spec: StsActionSpec<Name, Params, Extra>,
): StsActionSpec<Name, Params, Extra> {
  return Object.freeze(spec);
}

/**
 * Checks an action's parameters, the secret included unless it will be supplied later (a provider's callback).
 * @throws {@link StsValidationError}
 */
export function validateAction<S extends AnyStsActionSpec>(spec: S, params: ParamsOf<S>, context: StsCallContext, secretLater = false): void {
  if (spec.secretParam !== undefined && !secretLater) requireString((params as Record<string, unknown>)[spec.secretParam], spec.secretParam, context);
  if (spec.signingCredentials) {
    const credentials = ((params as { credentials?: Partial<SigningCredentials> }).credentials ?? {}) as Partial<SigningCredentials>;
    requireString(credentials.accessKeyId, 'credentials.accessKeyId', context);
    requireString(credentials.secretAccessKey, 'credentials.secretAccessKey', context);
  }
  const common = params as { durationSeconds?: number; policy?: string | object };
  validateDurationSeconds(common.durationSeconds, spec.durationLimits, context);
  normalizePolicy(common.policy, context);
  spec.validate(params, context);
}

/** The request parameters of checked parameters: `Action`, `Version`, then the action's own. Pure apart from `now`. */
export function wireParams<S extends AnyStsActionSpec>(spec: S, params: ParamsOf<S>, now: Date): URLSearchParams {
  const out = new URLSearchParams({ Action: spec.name, Version: STS_API_VERSION });
  for (const [name, value] of spec.wire(params, now)) if (value !== undefined) out.append(name, value);
  return out;
}

/** The secrets a call sends (its secret parameter, the signing secret key and session token), to keep them out of errors. */
export function sentSecrets<S extends AnyStsActionSpec>(spec: S, params: ParamsOf<S>): string[] {
  const out: string[] = [];
  if (spec.secretParam !== undefined) {
    const value = (params as Record<string, unknown>)[spec.secretParam];
    if (typeof value === 'string') out.push(value);
  }
  if (spec.signingCredentials) {
    const credentials = spec.signingCredentials(params);
    out.push(credentials.secretAccessKey);
    if (credentials.sessionToken) out.push(credentials.sessionToken);
  }
  return out;
}

/** Picks an action's own parameters out of a larger option bag (client, refresh and call options mixed). */
export function pickParams<S extends AnyStsActionSpec>(spec: S, options: object): ParamsOf<S> {
  const source = options as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const name of spec.paramNames) if (source[name] !== undefined) out[name] = source[name];
  return out as ParamsOf<S>;
}
