import { spawn, type ChildProcess } from 'node:child_process';
import { quoteText } from '../text/quote-text.js';
import { constants } from 'node:os';
import { CREDENTIAL_VARIABLES } from '../format/credential-vars.js';
import { CliUsageError } from './errors.js';
import type { CliIo } from './io.js';

/**
 * Variables removed from the child's environment: ones that would make AWS tools ignore the
 * exported keys (a profile, a web-identity or container credential source, the legacy
 * `AWS_SECURITY_TOKEN`), and sts-creds' own long-term secrets, which the child has no business seeing.
 */
export const SCRUBBED_VARIABLES = [
  'AWS_PROFILE',
  'AWS_DEFAULT_PROFILE',
  'AWS_SECURITY_TOKEN',
  'AWS_WEB_IDENTITY_TOKEN_FILE',
  'AWS_ROLE_ARN',
  'AWS_ROLE_SESSION_NAME',
  'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
  'AWS_CONTAINER_CREDENTIALS_FULL_URI',
  'AWS_CONTAINER_AUTHORIZATION_TOKEN',
  'AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE',
  'STS_CREDS_PASSWORD',
  'STS_CREDS_TOKEN',
] as const;

/**
 * The `MC_HOST_<alias>` variables that carry a secret (`scheme://ACCESS:SECRET[:TOKEN]@host`), and any
 * that cannot be read as a URL: what `exec --alias` keeps from the command, as it keeps `AWS_*` keys. Pure.
 */
export function mcHostSecretVariables(env: Readonly<Record<string, string | undefined>>): string[] {
  return Object.keys(env).filter((name) => {
    const value = env[name];
    if (!name.startsWith('MC_HOST_') || !value) return false;
    try {
      const url = new URL(value);
      return url.username !== '' || url.password !== '';
    } catch {
      return true;
    }
  });
}

/** The child's environment: the parent's, scrubbed, plus the credential variables. Pure. */
export function childEnvironment(
  parent: Record<string, string | undefined>,
  vars: ReadonlyArray<readonly [string, string]>,
  alsoRemove: readonly string[] = [],
): Record<string, string> {
  const env: Record<string, string> = {};
  const drop = new Set<string>([...SCRUBBED_VARIABLES, ...alsoRemove, ...CREDENTIAL_VARIABLES]);
  for (const [k, v] of Object.entries(parent)) if (v !== undefined && !drop.has(k)) env[k] = v;
  for (const [k, v] of vars) env[k] = v;
  return env;
}

const FORWARDED: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/**
 * Runs `command` directly (no shell) with `env`, forwarding SIGINT/SIGTERM/SIGHUP to it.
 * @returns the child's exit code, 128+N when signal N ended it, 127 when not found, 126 when not executable
 */
export function runCommand(command: readonly string[], env: Record<string, string>, io: CliIo): Promise<number> {
  const [file, ...args] = command;
  if (!file) return Promise.reject(new CliUsageError('exec: no command given (put it after --)'));
  return new Promise((resolve, reject) => {
    // The handlers go in before the command starts: on a loaded machine the command can run (and be
    // seen running) before spawn() returns here, and a signal sts-creds had no handler for would kill
    // it and orphan the command. Handlers run from the event loop, after spawn() has returned.
    let child: ChildProcess | undefined;
    const unsubscribe = FORWARDED.map((signal) =>
      io.onSignal(signal, () => {
        if (child && child.exitCode === null && child.signalCode === null) child.kill(signal);
      }),
    );
    const done = (code: number): void => {
      for (const off of unsubscribe) off();
      resolve(code);
    };
    try {
      child = spawn(file, args, { stdio: 'inherit', env });
    } catch (error) {
      for (const off of unsubscribe) off();
      reject(error);
      return;
    }
    child.on('error', (error: NodeJS.ErrnoException) => {
      const code = error.code === 'ENOENT' ? 127 : 126;
      io.stderr.write(`sts-creds: exec: cannot run ${quoteText(file)}: ${error.code === 'ENOENT' ? 'command not found' : (error.code ?? 'error')}\n`);
      done(code);
    });
    child.on('exit', (code, signal) => {
      if (signal) done(128 + (constants.signals[signal] ?? 0));
      else done(code ?? 0);
    });
  });
}
