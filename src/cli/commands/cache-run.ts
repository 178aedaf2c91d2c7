import { homedir } from 'node:os';
import { basename } from 'node:path';
import { createCredentialCache, type CacheKeyParts } from '../../cache/credential-cache.js';
import { parseProcessOutput, renderProcessOutput, type ProcessCredentials } from '../../cache/process-output.js';
import { sha256Hex } from '../../cache/sha256-hex.js';
import type { StsResult } from '../../sts/registry.js';
import { escapeControl } from '../../text/server-text.js';
import { cliCacheHost } from '../cache-host.js';
import { captureCommand } from '../capture-command.js';
import { CliUsageError, EXIT } from '../errors.js';
import { resolveCacheDir } from '../inputs/environment.js';
import type { CliIo } from '../io.js';
import type { CacheInvocation } from '../invocation.js';
import type { Redactor } from '../redact.js';

/** How long concurrent `cache run` callers wait for the one running the command, in ms. */
const RUN_WAIT_MS = 10 * 60_000;

/** The method `cache list` shows for `cache run` entries. */
export const PROCESS_METHOD = 'credential_process';

/** A command that failed or printed something else than credential_process JSON: its exit code passes through. */
class CommandFailed extends Error {
  override readonly name = 'CommandFailed';
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

/** Output that is fine but cannot be cached (no expiry, or no session token): printed, never stored. */
class NotCacheable extends Error {
  override readonly name = 'NotCacheable';
  constructor(readonly credentials: ProcessCredentials) {
    super('not cacheable');
  }
}

/**
 * The cache key of a command: its whole command line and the working directory, hashed (the command
 * line may hold a secret the user wrote; only its first word's base name is shown by `cache list`). Pure.
 */
export function processCacheKey(command: readonly string[], cwd: string): CacheKeyParts {
  return {
    endpoint: 'process:',
    region: '',
    action: PROCESS_METHOD,
    principal: sha256Hex(JSON.stringify(command)),
    params: { cwd },
    label: { command: basename(command[0] ?? '') },
  };
}

/** The cache stores StsResult-shaped entries; a command's credentials travel under the action `credential_process`. */
function asEntry(credentials: ProcessCredentials & { expiration: Date; sessionToken: string }): StsResult {
  return {
    action: PROCESS_METHOD,
    accessKeyId: credentials.accessKeyId,
    secretAccessKey: credentials.secretAccessKey,
    sessionToken: credentials.sessionToken,
    expiration: credentials.expiration,
    requestId: undefined,
    serverDate: undefined,
  } as unknown as StsResult;
}

/**
 * `sts-creds cache run [--refresh] -- COMMAND [ARGS...]`: prints the command's credential_process JSON,
 * from the cache while more than the advisory window of its lifetime is left (the rule of sts-creds'
 * own entries), else by running it (once among concurrent callers: the entry's lock). A command that
 * fails, or prints anything but credential_process JSON version 1, is never cached: its exit code
 * (1 for bad output) and its stderr pass through, and nothing goes to stdout.
 * @returns the exit code
 */
export async function cacheRunCommand(invocation: CacheInvocation, io: CliIo, redactor: Redactor): Promise<number> {
  const command = invocation.command ?? [];
  if (command.length === 0 || command[0] === '') throw new CliUsageError('cache run: no command given (put it after --)');
  const name = JSON.stringify(escapeControl(basename(command[0]!)));
  const run = async (): Promise<StsResult> => {
    // The command sees the environment it would see without us: it is the user's own command.
    const env = Object.fromEntries(Object.entries(io.env).filter((e): e is [string, string] => e[1] !== undefined));
    const ran = await captureCommand(command, env, io);
    if (ran.startError) throw new CommandFailed(`cache run: cannot run ${name}: ${ran.startError}`, ran.code);
    if (ran.code !== 0) throw new CommandFailed(`cache run: ${name} exited with code ${ran.code}; nothing was cached`, ran.code);
    if (ran.tooLong) throw new CommandFailed(`cache run: ${name} printed more than credential_process JSON can be; nothing was cached`, EXIT.STS_FAILED);
    const parsed = parseProcessOutput(ran.stdout);
    if (!parsed.ok) throw new CommandFailed(`cache run: ${name} did not print credential_process JSON version 1: ${parsed.why}; nothing was cached`, EXIT.STS_FAILED);
    const { credentials } = parsed;
    redactor.add(credentials.secretAccessKey);
    if (credentials.sessionToken) redactor.add(credentials.sessionToken);
    if (credentials.expiration === undefined || credentials.sessionToken === undefined) throw new NotCacheable(credentials);
    return asEntry({ ...credentials, expiration: credentials.expiration, sessionToken: credentials.sessionToken });
  };
  // A wrapped command may wait for a sign-in in a browser: the others wait for it that long (a holder
  // that died is noticed at once by its pid, so a long wait costs nothing then).
  const cache = createCredentialCache(resolveCacheDir(io.env, homedir()), cliCacheHost(io, redactor), { waitMs: RUN_WAIT_MS });
  const key = processCacheKey(command, process.cwd());
  try {
    const result = invocation.options.refresh ? await cache.refresh(key, run) : (await cache.getOrFetch(key, run)).result;
    redactor.add(result.secretAccessKey);
    redactor.add(result.sessionToken);
    io.stdout.write(renderProcessOutput(result));
    return EXIT.OK;
  } catch (error) {
    if (error instanceof NotCacheable) {
      io.stdout.write(renderProcessOutput(error.credentials));
      return EXIT.OK;
    }
    if (error instanceof CommandFailed) {
      io.stderr.write(`sts-creds: ${error.message}\n`);
      return error.exitCode;
    }
    throw error;
  }
}
