/**
 * The command-line options as data: each flag once, with its help text. program.ts turns these
 * into commander options; methods.ts picks the sets each credential method takes.
 */
import { SHELLS } from '../format/render-shell.js';
import { KEYRING_KINDS, type KeyringKind } from '../keyring/keyring-secret.js';

/**
 * How the credentials are handed over: printed (`-o`), as shell lines (`env`), or to a child (`exec`);
 * or `clear`: `sts-creds cache clear`, which resolves a method's options only to find its cache entry.
 */
export type Mode = 'output' | 'env' | 'exec' | 'clear';

/** Output formats of the credential commands (`-o`). */
export const OUTPUT_FORMATS = ['text', 'json', 'env', 'credential-process', 'dotenv', 'ini', 'mc'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** One command-line option. */
export interface OptionSpec {
  /** commander's flags, e.g. `-u, --user <user>`. */
  flags: string;
  description: string;
  /** The value when the flag is absent (shown in the help). */
  default?: string;
  /** The only values accepted. */
  choices?: readonly string[];
  /** The flag may be given several times; its values are collected into an array. */
  repeatable?: boolean;
  /** Accepted but left out of the help. */
  hidden?: boolean;
  /** The modes that take the option. @defaultValue all of them */
  modes?: readonly Mode[];
  /**
   * The value is a secret: it is redacted from every message before the command line is parsed, and giving
   * it there is warned about. `what` names it (`a password`), `instead` the safer ways (`--password-file, ...`).
   */
  secret?: { readonly what: string; readonly instead: string } | undefined;
  /** A flag of MinIO's Go samples, accepted Go's way too (`-u=foobar`, `-sts-ep URL`, `-d=true`). */
  goStyle?: true | undefined;
}

/** An option's names as written in its flags, and whether it takes a value (`-u, --user <user>`: `-u`, `--user`, yes). Pure. */
export function optionNames(spec: OptionSpec): { short: string | undefined; long: string | undefined; takesValue: boolean } {
  const names = spec.flags.split(/[ ,|]+/).filter((part) => part.startsWith('-'));
  return { short: names.find((n) => /^-[^-]$/.test(n)), long: names.find((n) => n.startsWith('--')), takesValue: /[<[]/.test(spec.flags) };
}

/** A secret-carrying option, as the argv scanners see it. */
export interface SecretOption {
  short: string | undefined;
  long: string;
  what: string;
  instead: string;
}

/**
 * What the scanners that run before commander (the secret redaction and warning, the Go-style flag rewriting,
 * `exec`'s split) know of the command line: all of it derived from the option table.
 */
export interface ArgvGrammar {
  /** Whether a flag as written takes the next argument as its value: `-p`, `--password`, a short cluster ending in one (`-dp`). */
  takesValue(flag: string): boolean;
  /** Whether a short flag's letter takes a value, and so ends a cluster (`-dp X`, `-pX`). */
  shortTakesValue(letter: string): boolean;
  /** The options whose values are secrets. */
  readonly secrets: readonly SecretOption[];
  /** A Go-style name of MinIO's samples (`sts-ep`, `u`, `d`): whether it takes a value or is a switch; undefined for any other name. */
  goStyle(name: string): 'value' | 'boolean' | undefined;
  /** Whether a word names a command (`env`, `assume-role`). */
  isCommand(word: string): boolean;
  /** Every flag that takes a value, as written (`-u`, `--user`): for shell completion. */
  readonly valueFlags: readonly string[];
}

/** The grammar of a command line whose options are `specs` and whose command words are `words`. Pure. */
export function argvGrammar(specs: readonly OptionSpec[], words: Iterable<string>): ArgvGrammar {
  const valueFlags = new Set<string>();
  const shortValue = new Set<string>();
  const secrets = new Map<string, SecretOption>();
  const goStyle = new Map<string, 'value' | 'boolean'>();
  for (const spec of specs) {
    const { short, long, takesValue } = optionNames(spec);
    if (takesValue) for (const name of [short, long]) if (name !== undefined) valueFlags.add(name);
    if (takesValue && short !== undefined) shortValue.add(short.slice(1));
    if (spec.secret && long !== undefined) secrets.set(long, { short, long, ...spec.secret });
    const goName = short?.slice(1) ?? long?.slice(2);
    if (spec.goStyle && goName !== undefined) goStyle.set(goName, takesValue ? 'value' : 'boolean');
  }
  const commands = new Set(words);
  return {
    takesValue: (flag) => valueFlags.has(flag) || (/^-[a-zA-Z]{2,}$/.test(flag) && shortValue.has(flag.at(-1)!)),
    shortTakesValue: (letter) => shortValue.has(letter),
    secrets: [...secrets.values()],
    goStyle: (name) => goStyle.get(name),
    isCommand: (word) => commands.has(word),
    valueFlags: [...valueFlags],
  };
}

/** The flags, shared by every command that talks to a server, that say where and how requests travel. */
export interface NetworkCliOptions {
  endpoint?: string | undefined;
  /** `--s3-endpoint`: where the credentials are used (see inputs/endpoints.ts). */
  s3Endpoint?: string | undefined;
  region?: string | undefined;
  timeout?: string | undefined;
  retries?: string | undefined;
  caBundle?: string | undefined;
  insecure?: boolean | undefined;
  debug?: boolean | undefined;
  /** `-q/--quiet`: no progress notes (a slow retry) on stderr; warnings and errors still. */
  quiet?: boolean | undefined;
}

/** The ways of giving a password. */
export interface PasswordFlags {
  password?: string | undefined;
  passwordStdin?: boolean | undefined;
  passwordFile?: string | undefined;
  passwordEnv?: string | undefined;
  /** `--keyring NAME`: the OS keyring entry holding the secret. */
  keyring?: string | undefined;
}

/** The ways of giving a token. */
export interface TokenFlags {
  token?: string | undefined;
  tokenFile?: string | undefined;
  tokenStdin?: boolean | undefined;
  tokenEnv?: string | undefined;
  /** `--keyring NAME`: the OS keyring entry holding the token. */
  keyring?: string | undefined;
}

/** The flags naming the certificate command's TLS client material. */
export interface ClientCertificateFlags {
  cert?: string | undefined;
  key?: string | undefined;
  pfx?: string | undefined;
  passphraseEnv?: string | undefined;
}

/** Every option a credential command may receive, as commander hands it over (each command takes its own subset). */
export interface CredentialCliOptions extends NetworkCliOptions, PasswordFlags, TokenFlags, ClientCertificateFlags {
  output?: OutputFormat | undefined;
  shell?: string | undefined;
  /** `--profile`: the AWS profile to read settings from. */
  profile?: string | undefined;
  /** Options given under another flag name (`--sts-ep` for `endpoint`), by option key: for messages. */
  writtenAs?: Record<string, string> | undefined;
  /** `--alias`: the mc alias to read the endpoint and keys from. */
  alias?: string | undefined;
  /** `-o ini`'s section name. */
  iniSection?: string | undefined;
  /** `-o mc`'s alias name (`MC_HOST_<name>`). */
  mcName?: string | undefined;
  /** `true` with `--cache`, `false` with `--no-cache`, undefined when neither was given. */
  cache?: boolean | undefined;
  /** `--refresh`: ignore the cached entry, call STS and replace the entry. */
  refresh?: boolean | undefined;
  /** `cache clear --all`. */
  all?: boolean | undefined;
  bucket?: string | undefined;
  duration?: string | undefined;
  unset?: boolean | undefined;
  /** `false` with `--no-export-endpoint` (env, exec). */
  exportEndpoint?: boolean | undefined;
  /** `--mc-alias NAME` (env, exec): also set `MC_HOST_NAME`. */
  mcAlias?: string | undefined;
  /** `exec --server`: serve the credentials from a loopback endpoint instead of the environment. */
  server?: boolean | undefined;
  /** `exec --server --refresh-before <duration>`. */
  refreshBefore?: string | undefined;
  display?: boolean | undefined;
  user?: string | undefined;
  policy?: string | undefined;
  policyFile?: string | undefined;
  roleArn?: string | undefined;
  roleSessionName?: string | undefined;
  externalId?: string | undefined;
  serialNumber?: string | undefined;
  tokenCode?: string | undefined;
  /** `--tag KEY=VALUE`, repeatable. */
  tag?: string[] | undefined;
  /** `--transitive-tag-key KEY`, repeatable. */
  transitiveTagKey?: string[] | undefined;
  /** `--policy-arn ARN`, repeatable. */
  policyArn?: string[] | undefined;
  sourceIdentity?: string | undefined;
}

/** `sts-creds keyring add|list|remove` options. */
export interface KeyringCliOptions {
  kind?: KeyringKind | undefined;
  accessKey?: string | undefined;
  user?: string | undefined;
  secretKeyStdin?: boolean | undefined;
  debug?: boolean | undefined;
}

/** `sts-creds doctor` options. */
export type DoctorCliOptions = Pick<NetworkCliOptions, 'endpoint' | 's3Endpoint' | 'timeout' | 'caBundle' | 'insecure' | 'debug'> & Pick<CredentialCliOptions, 'profile' | 'alias' | 'writtenAs'>;

const ENDPOINT: OptionSpec = {
  flags: '--endpoint <url>',
  description: 'STS endpoint, also --endpoint-url (env AWS_ENDPOINT_URL_STS, AWS_ENDPOINT_URL; default http://localhost:9000)',
};
/** The AWS CLI's and MinIO's sample's names of `--endpoint`; program.ts folds them into `endpoint`. */
const ENDPOINT_ALIASES: readonly OptionSpec[] = [
  { flags: '--endpoint-url <url>', description: 'alias of --endpoint (as in the AWS CLI)', hidden: true },
  { flags: '--sts-ep <url>', description: "alias of --endpoint (as in MinIO's sample)", hidden: true, goStyle: true },
];
const S3_ENDPOINT: OptionSpec = {
  flags: '--s3-endpoint <url>',
  description: 'S3 endpoint the credentials are for, exported by env and exec (env AWS_ENDPOINT_URL_S3; default the STS endpoint when it has no path)',
};
const PROFILE: OptionSpec = { flags: '--profile <name>', description: 'read the endpoint, keys and settings from this AWS profile (env AWS_PROFILE)' };
const ALIAS: OptionSpec = { flags: '--alias <name>', description: "read the endpoint and keys from this mc alias (mc's config.json)" };
const CA_BUNDLE: OptionSpec = { flags: '--ca-bundle <file>', description: "CA certificates (PEM) to trust for the server's certificate (env AWS_CA_BUNDLE)" };

/** The options every credential method takes, after its own, in help order. */
export const COMMON_OPTIONS: readonly OptionSpec[] = [
  ENDPOINT,
  ...ENDPOINT_ALIASES,
  S3_ENDPOINT,
  PROFILE,
  ALIAS,
  { flags: '--region <region>', description: 'SigV4 region (env AWS_REGION; default us-east-1)' },
  { flags: '-e, --duration <duration>', description: 'lifetime: seconds, or 1h30m, 15m, 7d (also --duration-seconds)', goStyle: true },
  { flags: '--duration-seconds <seconds>', description: 'alias of --duration (as in the AWS CLI)', hidden: true },
  { flags: '--timeout <seconds>', description: 'time allowed for each request (default 30)' },
  { flags: '--retries <n>', description: 'retries after a network error, 5xx or throttling, with backoff (default 2; 0 turns them off)' },
  CA_BUNDLE,
  { flags: '--insecure', description: 'do not verify TLS certificates (dangerous: prefer --ca-bundle)' },
  { flags: '--cache', description: 'reuse cached credentials while enough lifetime is left (default for -o credential-process)' },
  { flags: '--no-cache', description: 'always call STS; neither read nor write the cache' },
  { flags: '--refresh', description: 'ignore the cached entry: call STS and replace the entry with the answer', modes: ['output', 'env', 'exec'] },
  { flags: '--all', description: 'remove every entry (the default when no other option is given)', modes: ['clear'] },
  { flags: '--debug', description: 'log each request and answer (method, URL, status, timings, headers; secrets redacted) and stack traces on stderr' },
  { flags: '-q, --quiet', description: 'no progress notes on stderr (a request still retrying after 2 s); warnings and errors still' },
  { flags: '-o, --output <format>', description: 'output format', choices: OUTPUT_FORMATS, default: 'text', modes: ['output'] },
  { flags: '-b, --bucket <name>', description: "after getting credentials, list this bucket's objects with them (not with -d)", modes: ['output'], goStyle: true },
  { flags: '-d, --display', description: "only display the credentials, never list a bucket (as MinIO's samples' -d)", modes: ['output'], goStyle: true },
  { flags: '--ini-section <name>', description: 'section name for -o ini', default: 'sts-creds', modes: ['output'] },
  { flags: '--mc-name <name>', description: 'alias name for -o mc (MC_HOST_<name>)', default: 'sts', modes: ['output'] },
  { flags: '--shell <shell>', description: 'shell syntax for -o env / env', choices: SHELLS, default: 'sh', modes: ['output', 'env'] },
  { flags: '--unset', description: 'print the lines that remove the variables instead (no STS call)', modes: ['env'] },
  { flags: '--no-export-endpoint', description: 'do not set AWS_ENDPOINT_URL (it is never set for AWS\'s own STS hosts)', modes: ['output', 'env', 'exec'] },
  { flags: '--mc-alias <name>', description: 'also set MC_HOST_<name>, so `mc <name>/...` uses the credentials', modes: ['env', 'exec'] },
  {
    flags: '--server',
    description: 'serve refreshing credentials to the command from a loopback endpoint (AWS_CONTAINER_CREDENTIALS_FULL_URI) instead of static keys',
    modes: ['exec'],
  },
  { flags: '--refresh-before <duration>', description: 'with --server: get new credentials when less than this is left (default 5m)', modes: ['exec'] },
];

/** `sts-creds doctor`'s options. */
export const DOCTOR_OPTIONS: readonly OptionSpec[] = [
  ENDPOINT,
  ...ENDPOINT_ALIASES,
  { ...S3_ENDPOINT, description: 'S3 endpoint to check too (env AWS_ENDPOINT_URL_S3; default as for env and exec)' },
  { ...PROFILE, description: 'check the endpoint (and CA bundle) of this AWS profile (env AWS_PROFILE)' },
  { ...ALIAS, description: 'check the endpoint of this mc alias' },
  { flags: '--timeout <seconds>', description: 'time allowed for each probe (default 10)' },
  CA_BUNDLE,
  { flags: '--insecure', description: 'report an untrusted certificate as a warning instead of a failure' },
  { flags: '--debug', description: 'log each request and answer (secrets redacted) on stderr' },
];

/** `--keyring NAME` of the credential methods that take a secret. */
const KEYRING_OPTION: OptionSpec = {
  flags: '--keyring <name>',
  description: 'take the secret (and the access key or user name it belongs to) from this OS keyring entry (see sts-creds keyring add)',
};

/** `sts-creds keyring add`'s options. */
export const KEYRING_ADD_OPTIONS: readonly OptionSpec[] = [
  {
    flags: '--kind <kind>',
    description: 'what the entry holds: keys (access key and secret key, for assume-role), password (for ldap), token (for custom-token, web-identity, client-grants)',
    choices: KEYRING_KINDS,
    default: 'keys',
  },
  { flags: '--access-key <id>', description: 'the access key (--kind keys); asked for on the terminal when absent' },
  { flags: '-u, --user <name>', description: 'the LDAP user name the password belongs to (--kind password; optional)' },
  { flags: '--secret-key-stdin', description: 'read the secret key (or the password or token) from standard input instead of asking on the terminal' },
];

/** The session policy options. */
export const POLICY_OPTIONS: readonly OptionSpec[] = [
  { flags: '--policy <json>', description: 'session policy (JSON) narrowing what the credentials may do' },
  { flags: '-s, --policy-file <file>', description: 'read the session policy from a file', goStyle: true },
];

/** A user name and the four ways of giving its password (the prompt is the fifth), plus a session policy. */
export function userPasswordPolicyOptions(user: string, password: string): OptionSpec[] {
  return [
    { flags: '-u, --user <user>', description: `${user} (env STS_CREDS_USER)`, goStyle: true },
    {
      flags: '-p, --password <password>',
      description: `${password} (visible to other processes: prefer the alternatives)`,
      secret: { what: 'a password', instead: '--password-file, --password-stdin or --password-env' },
      goStyle: true,
    },
    { flags: '--password-stdin', description: 'read the password from standard input' },
    { flags: '--password-file <file>', description: 'read the password from a file' },
    { flags: '--password-env <name>', description: 'read the password from this environment variable (default STS_CREDS_PASSWORD)' },
    KEYRING_OPTION,
    ...POLICY_OPTIONS,
  ];
}

/** A token and the ways of giving it, then the role ARN. */
export function tokenOptions(token: string, tokenFileNote: string, roleArn: string): OptionSpec[] {
  return [
    {
      flags: '-t, --token <token>',
      description: `${token} (visible to other processes: prefer the alternatives)`,
      secret: { what: 'a token', instead: '--token-file, --token-stdin or --token-env' },
      goStyle: true,
    },
    { flags: '--token-file <file>', description: `read the token from a file${tokenFileNote}` },
    { flags: '--token-stdin', description: 'read the token from standard input' },
    { flags: '--token-env <name>', description: 'read the token from this environment variable (default STS_CREDS_TOKEN)' },
    KEYRING_OPTION,
    { flags: '-r, --role-arn <arn>', description: roleArn, goStyle: true },
  ];
}

