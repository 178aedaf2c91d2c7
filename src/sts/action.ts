import type { StsCallContext } from '../errors.js';
import type { AssumedRoleUser, SigningCredentials, StsResultMetadata, TemporaryCredentials } from '../types.js';
import { STS_API_VERSION, normalizePolicy, requireString, validateDurationSeconds } from './validate.js';

/**
 * Where an action's parameters travel to MinIO's STS router: a form body (AssumeRole, signed; LDAP, WebIdentity,
 * ClientGrants: the secret stays out of URLs), or the query string of a POST with an empty body (CustomToken;
 * Certificate, over mutual TLS).
 */
export type ParametersIn = 'body' | 'query';

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

/** How one of an action's own result fields is shown to people and programs. */
export interface ResultLabel {
  /** The AWS name: the JSON key and the text label. */
  readonly name: string;
  /** Whether the text output shows it too. */
  readonly inText: boolean;
}

/** One of an action's own result fields as shown: its property, its AWS name, and whether the text output shows it. */
export interface ResultField<Extra extends object = object> extends ResultLabel {
  /** The result property, e.g. `assumedUser`. */
  readonly key: keyof Extra & string;
}

/** How each of an action's own result fields is shown, in order: one entry per field, so a missing or misspelt one does not compile. */
export type ResultLabels<Extra extends object> = { readonly [K in keyof Extra & string]-?: ResultLabel };

/** Every parameter name of an action, each `true`: a missing or misspelt name does not compile. */
export type ParamKeys<Params extends object> = { readonly [K in keyof Params & string]-?: true };

/** Parameters as {@link validateAction} returns them: the policy (JSON text or object) as minified JSON text. */
export type Checked<Params> = { [K in keyof Params]: K extends 'policy' ? string | undefined : Params[K] };

/** A wire parameter; pairs whose value is undefined are left out. */
export type WireParam = readonly [name: string, value: string | undefined];

/**
 * An action as its module writes it (see {@link defineAction}): the parameter names and the result fields as
 * records keyed by the parameter and result types, so the compiler checks them against those types.
 *
 * @typeParam Name - the STS action name
 * @typeParam Params - the call's parameters (for a signed action, including the signing credentials)
 * @typeParam Extra - the action's own result fields (besides credentials and metadata)
 */
export interface StsActionDefinition<Name extends string, Params extends object, Extra extends object> {
  readonly name: Name;
  readonly parametersIn: ParametersIn;
  /** The identity is the TLS client certificate (AssumeRoleWithCertificate): `cert` and `key` go together. */
  readonly clientCertificate?: true | undefined;
  readonly durationLimits: DurationLimits;
  /** Every parameter, so option bags can be narrowed to the call's own parameters. */
  readonly parameters: NoInfer<ParamKeys<Params>>;
  /** The parameter that carries the caller's secret (a password or token); providers may take it from a function. */
  readonly secretParam?: (keyof Params & string) | undefined;
  /** For a signed action (AssumeRole): the long-term credentials that sign the call. */
  signingCredentials?(params: Params): SigningCredentials;
  /**
   * Checks the action's own parameters (the secret, the signing keys, `durationSeconds` and `policy` are checked
   * for every action by {@link validateAction}); builds nothing. @throws StsValidationError
   */
  validate(params: Params, context: StsCallContext): void;
  /** The wire parameters of checked parameters, besides `Action` and `Version`. Pure apart from `now`. */
  wire(params: Checked<Params>, now: Date): readonly WireParam[];
  /** The action's own fields of its result element. Pure. */
  readResult(result: ResultReader): Extra;
  /** How the action's own result fields are shown, in order. */
  readonly resultFields: NoInfer<ResultLabels<Extra>>;
}

/**
 * Everything about one STS action, in one place: how it travels, what it accepts, how its parameters become
 * wire parameters and how its result element is read. {@link StsClient} runs any action from this alone.
 */
export interface StsActionSpec<Name extends string = string, Params extends object = object, Extra extends object = object>
  extends Omit<StsActionDefinition<Name, Params, Extra>, 'parameters' | 'resultFields'> {
  /** Every parameter name. */
  readonly paramNames: readonly (keyof Params & string)[];
  /** How the action's own result fields are shown, in order. */
  readonly resultFields: readonly ResultField<Extra>[];
}

/** Any action description. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any action: parameter and result types vary per action (unknown would refuse every one)
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

/** Declares an action description: its parameter names and result fields as lists, the literal types kept. */
export function defineAction<Name extends string, Params extends object, Extra extends object>(
  definition: StsActionDefinition<Name, Params, Extra>,
): StsActionSpec<Name, Params, Extra> {
  const { parameters, resultFields, ...rest } = definition;
  return Object.freeze({
    ...rest,
    paramNames: Object.freeze(Object.keys(parameters) as (keyof Params & string)[]),
    resultFields: Object.freeze(
      (Object.entries(resultFields) as [keyof Extra & string, ResultLabel][]).map(([key, label]) => Object.freeze({ key, name: label.name, inText: label.inText })),
    ),
  });
}

/**
 * Checks an action's parameters, the secret included unless it will be supplied later (a provider's callback),
 * and returns them as they are sent: the policy minified.
 * @throws {@link StsValidationError}
 */
export function validateAction<S extends AnyStsActionSpec>(spec: S, params: ParamsOf<S>, context: StsCallContext, secretLater = false): Checked<ParamsOf<S>> {
  if (spec.secretParam !== undefined && !secretLater) requireString((params as Record<string, unknown>)[spec.secretParam], spec.secretParam, context);
  if (spec.signingCredentials) {
    const credentials = ((params as { credentials?: Partial<SigningCredentials> }).credentials ?? {});
    requireString(credentials.accessKeyId, 'credentials.accessKeyId', context);
    requireString(credentials.secretAccessKey, 'credentials.secretAccessKey', context);
  }
  const common = params as { durationSeconds?: number; policy?: string | object };
  validateDurationSeconds(common.durationSeconds, spec.durationLimits, context);
  const policy = normalizePolicy(common.policy, context);
  spec.validate(params, context);
  return (common.policy === undefined ? params : { ...params, policy });
}

/** The request parameters of checked parameters: `Action`, `Version`, then the action's own. Pure apart from `now`. */
export function wireParams<S extends AnyStsActionSpec>(spec: S, params: Checked<ParamsOf<S>>, now: Date): URLSearchParams {
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
