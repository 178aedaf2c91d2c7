import { CliUsageError } from './errors.js';
import { readAll, type CliIo } from './io.js';
import { parseDuration } from './parse-duration.js';
import { promptHidden } from './prompt.js';

/** Environment variables the CLI reads. */
export const ENV = {
  endpoint: ['AWS_ENDPOINT_URL_STS', 'AWS_ENDPOINT_URL'],
  user: 'STS_CREDS_USER',
  password: 'STS_CREDS_PASSWORD',
  token: 'STS_CREDS_TOKEN',
  roleArn: 'STS_CREDS_ROLE_ARN',
  region: ['AWS_REGION', 'AWS_DEFAULT_REGION'],
} as const;

export const DEFAULT_ENDPOINT = 'http://localhost:9000';

/** Endpoint from the flag, then `AWS_ENDPOINT_URL_STS`, then `AWS_ENDPOINT_URL`, then the MinIO default. */
export function resolveEndpoint(flag: string | undefined, env: CliIo['env']): string {
  return flag || env.AWS_ENDPOINT_URL_STS || env.AWS_ENDPOINT_URL || DEFAULT_ENDPOINT;
}

/** Region from the flag, then `AWS_REGION`/`AWS_DEFAULT_REGION`; undefined means the library default. */
export function resolveRegion(flag: string | undefined, env: CliIo['env']): string | undefined {
  return flag || env.AWS_REGION || env.AWS_DEFAULT_REGION || undefined;
}

/** `-e/--duration` to whole seconds; undefined when absent. */
export function resolveDuration(flag: string | undefined): number | undefined {
  if (flag === undefined) return undefined;
  const parsed = parseDuration(flag);
  if ('error' in parsed) throw new CliUsageError(`invalid --duration: ${parsed.error}`);
  return parsed.seconds;
}

/** Strips one trailing newline (what `echo` and most editors add to files and pipes). */
function chompLine(text: string): string {
  return text.replace(/\r?\n$/, '');
}

async function readFileInput(io: CliIo, path: string, what: string): Promise<string> {
  try {
    return await io.readFile(path);
  } catch (error) {
    const code = (error as { code?: string }).code ?? 'unreadable';
    throw new CliUsageError(`cannot read ${what} ${JSON.stringify(path)}: ${code}`);
  }
}

/** How many of the given sources were used; more than one is a usage error. */
function exclusive(sources: Record<string, unknown>): void {
  const used = Object.entries(sources).filter(([, v]) => v !== undefined && v !== false).map(([k]) => k);
  if (used.length > 1) throw new CliUsageError(`use only one of ${used.join(', ')}`);
}

/**
 * The password for AssumeRole: `-p`, `--password-stdin`, `--password-file`, `$STS_CREDS_PASSWORD`,
 * or a no-echo prompt when stdin is a terminal. Never hangs: with no source and no terminal it fails at once.
 */
export async function resolvePassword(
  opts: {
    password?: string | undefined;
    passwordStdin?: boolean | undefined;
    passwordFile?: string | undefined;
    passwordEnv?: string | undefined;
    user: string;
    /** The prompt shown on the terminal. @defaultValue `Password for <user>: ` */
    prompt?: string | undefined;
  },
  io: CliIo,
): Promise<string> {
  exclusive({
    '-p/--password': opts.password,
    '--password-stdin': opts.passwordStdin,
    '--password-file': opts.passwordFile,
    '--password-env': opts.passwordEnv,
  });
  let password: string | undefined = opts.password;
  if (opts.passwordStdin) {
    if (io.stdin.isTTY) throw new CliUsageError('--password-stdin needs the password piped in, not a terminal');
    password = chompLine(await readAll(io.stdin));
  } else if (opts.passwordFile) {
    password = chompLine(await readFileInput(io, opts.passwordFile, 'password file'));
  } else if (opts.passwordEnv) {
    password = io.env[opts.passwordEnv];
    if (!password) throw new CliUsageError(`--password-env: the environment variable ${opts.passwordEnv} is not set or empty`);
  } else if (password === undefined) {
    password = io.env[ENV.password] || undefined;
    if (password === undefined) {
      if (!io.stdin.isTTY) {
        throw new CliUsageError(`no password: use -p, --password-stdin, --password-file, --password-env, or set ${ENV.password}`);
      }
      password = await promptHidden(io, opts.prompt ?? `Password for ${opts.user}: `);
    }
  }
  if (!password) throw new CliUsageError('the password is empty');
  return password;
}

/** The user (access key) for AssumeRole: `-u` or `$STS_CREDS_USER`. */
export function resolveUser(flag: string | undefined, env: CliIo['env']): string {
  const user = flag || env[ENV.user];
  if (!user) throw new CliUsageError(`no user: use -u/--user or set ${ENV.user}`);
  return user;
}

/** The custom token: `-t`, `--token-file`, `--token-stdin`, or `$STS_CREDS_TOKEN`. */
export async function resolveToken(
  opts: { token?: string | undefined; tokenFile?: string | undefined; tokenStdin?: boolean | undefined; tokenEnv?: string | undefined },
  io: CliIo,
): Promise<string> {
  exclusive({ '-t/--token': opts.token, '--token-file': opts.tokenFile, '--token-stdin': opts.tokenStdin, '--token-env': opts.tokenEnv });
  let token = opts.token;
  if (opts.tokenFile) token = (await readFileInput(io, opts.tokenFile, 'token file')).trim();
  else if (opts.tokenEnv) {
    token = io.env[opts.tokenEnv];
    if (!token) throw new CliUsageError(`--token-env: the environment variable ${opts.tokenEnv} is not set or empty`);
  }
  else if (opts.tokenStdin) {
    if (io.stdin.isTTY) throw new CliUsageError('--token-stdin needs the token piped in, not a terminal');
    token = (await readAll(io.stdin)).trim();
  } else token ??= io.env[ENV.token];
  if (!token) throw new CliUsageError(`no token: use -t/--token, --token-file, --token-stdin, --token-env, or set ${ENV.token}`);
  return token;
}

/** The session policy from `--policy` or `-s/--policy-file`, checked to be JSON. */
export async function resolvePolicy(opts: { policy?: string | undefined; policyFile?: string | undefined }, io: CliIo): Promise<string | undefined> {
  exclusive({ '--policy': opts.policy, '-s/--policy-file': opts.policyFile });
  const text = opts.policyFile ? await readFileInput(io, opts.policyFile, 'policy file') : opts.policy;
  if (text === undefined) return undefined;
  try {
    JSON.parse(text);
  } catch (error) {
    const where = opts.policyFile ? `policy file ${JSON.stringify(opts.policyFile)}` : '--policy';
    throw new CliUsageError(`${where} is not valid JSON: ${(error as Error).message}`);
  }
  return text;
}

/** `--timeout <seconds>` to milliseconds. */
export function resolveTimeout(flag: string | undefined): number | undefined {
  if (flag === undefined) return undefined;
  const seconds = Number(flag);
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 3600) throw new CliUsageError(`invalid --timeout: ${JSON.stringify(flag)} (seconds, 0 < t <= 3600)`);
  return Math.round(seconds * 1000);
}

/** Where cached credentials live: `$STS_CREDS_CACHE_DIR`, else `$XDG_CACHE_HOME/sts-creds/credentials`, else `~/.cache/...`. */
export function resolveCacheDir(env: CliIo['env'], homedir: string): string {
  if (env.STS_CREDS_CACHE_DIR) return env.STS_CREDS_CACHE_DIR;
  const base = env.XDG_CACHE_HOME || `${env.HOME || homedir}/.cache`;
  return `${base}/sts-creds/credentials`;
}
