/**
 * The hot path: the runs a shell or a tool makes again and again, answered from a small bundle
 * (dist/cli/hot.js) without commander, chalk or the HTTP, signing and XML code of dist/cli/main.js.
 *
 * - `credential_process` from the cache: `sts-creds METHOD ... -o credential-process` (or another
 *   format with `--cache`) when the cache holds fresh credentials for the run. The line is read by
 *   parse-argv.ts from the same option table, the run resolved by the same resolveCredentialRun, the
 *   entry found by the same cache and key, the answer written by the same renderOutcome.
 * - completion's names: `sts-creds __complete profile|alias` (a Tab after `--profile`, `--alias`).
 * - the top-level help at the default width, rendered by commander when the command was built
 *   (top-level-help.ts).
 *
 * Anything else is declined (`undefined`): a miss, help, a flag the hot parser is not sure of, a run
 * that would prompt, read standard input or ask the OS keyring or a login, `--refresh`, `--debug`,
 * text output, `-b`, any error. The caller (src/cli/startup/start.ts) then runs main.js as it would
 * have, which does the run and writes its own messages: what this path would have written to stderr
 * is kept back and written only when it answers.
 */
import { homedir } from 'node:os';
import { clientTarget } from '../../client/client-target.js';
import { escapeControl } from '../../text/server-text.js';
import { ARGV_GRAMMAR } from '../argv-grammar.js';
import { argvSecrets } from '../argv-secrets.js';
import { cliCacheHost } from '../cache-host.js';
import { resolveCredentialRun } from '../commands/resolve-run.js';
import { NAME_KINDS } from '../completion.js';
import { completionNames } from '../completion-names.js';
import { EXIT, describeError } from '../errors.js';
import { rewriteGoFlags } from '../go-flags.js';
import { acceptDashAsStdin } from '../inputs/files.js';
import type { CredentialOutcome } from '../invocation.js';
import { processIo, type CliIo } from '../io.js';
import { requestCacheKey } from '../method-request.js';
import { cliNotices } from '../notices.js';
import { Redactor } from '../redact.js';
import { renderOutcome } from '../render-outcome.js';
import { createCredentialCache } from '../../cache/credential-cache.js';
import { parseCredentialArgv } from './parse-argv.js';
import { prerenderedHelp } from './top-level-help.js';

/** Thrown where the run would need what only the whole CLI does (a prompt, standard input, the keyring, a login). */
export class HotPathDeclined extends Error {
  override readonly name = 'HotPathDeclined';
}

const decline = (): never => {
  throw new HotPathDeclined('left to the whole CLI');
};

/** The process's I/O with stderr kept back, and no standard input or terminal. */
function hotIo(): { io: CliIo; real: CliIo; kept: string[] } {
  const real = processIo();
  const kept: string[] = [];
  // Each member named: spreading `real` would read its stdin and stderr getters, which build those streams.
  const io: CliIo = {
    stdout: real.stdout,
    env: real.env,
    now: real.now,
    onSignal: real.onSignal,
    setTitle: real.setTitle,
    finishStdout: real.finishStdout,
    stderr: {
      write: (text: string) => kept.push(text),
      // Only a prompt asks, and a prompt declines.
      get isTTY() {
        return decline();
      },
    },
    get stdin() {
      return decline();
    },
    openTerminal: decline,
  };
  return { io, real, kept };
}

/** The credentials of a credential command from the cache, as its output; undefined when the cache cannot answer. */
async function credentialsFromCache(args: readonly string[], io: CliIo): Promise<string | undefined> {
  const invocation = parseCredentialArgv(args);
  if (!invocation) return undefined;
  // As main.js does once the line is parsed: the arguments, secrets among them, need not stay visible to `ps`.
  io.setTitle?.('sts-creds');
  const opts = invocation.options;
  if (opts.refresh || opts.debug || opts.cache === false || (opts.output ?? 'text') === 'text') return undefined;
  const redactor = new Redactor();
  const secrets = argvSecrets(args, ARGV_GRAMMAR);
  for (const value of secrets.values) redactor.add(value);
  const notices = cliNotices(io, redactor);
  for (const warning of secrets.warnings) notices.warnOnce(warning, warning, 'own');
  const run = await resolveCredentialRun(invocation, io, redactor);
  if (run.cacheDir === undefined || run.refresh || run.bucket !== undefined) return undefined;
  const { endpoint, region } = clientTarget(run.network);
  const cache = createCredentialCache(run.cacheDir, cliCacheHost(io, redactor));
  const result = await cache.get(requestCacheKey(run.request, endpoint.href, region), { secret: run.request.knownSecret });
  // An entry without the server's Date that has expired by the local clock is the whole CLI's error to report.
  if (!result || (result.serverDate === undefined && result.expiration.getTime() <= io.now().getTime())) return undefined;
  redactor.add(result.secretAccessKey);
  redactor.add(result.sessionToken);
  const outcome: CredentialOutcome = {
    result,
    endpoint,
    s3Endpoint: run.endpoints.s3 === undefined ? undefined : new URL(run.endpoints.s3.value),
    region,
    fromCache: true,
  };
  // Text output, the only one with colour, was declined above.
  return renderOutcome(run.output, outcome, io.now(), decline);
}

/** What the hot path writes to stdout for `args`, or undefined when it declines. */
async function answer(args: readonly string[], io: CliIo): Promise<string | undefined> {
  const help = prerenderedHelp(args, io.env);
  if (help !== undefined) return help;
  if (args[0] === '__complete') {
    // The keyring's names take its helper process: the whole CLI's.
    const kind = args[1];
    if (args.length !== 2 || kind === 'keyring' || !NAME_KINDS.some((k) => k === kind)) return undefined;
    const names = await completionNames(kind as (typeof NAME_KINDS)[number], io.env, homedir());
    return names.map((name) => `${name}\n`).join('');
  }
  acceptDashAsStdin(() => io.stdin);
  return await credentialsFromCache(rewriteGoFlags(args, ARGV_GRAMMAR), io);
}

/**
 * Answers `args` (without `node` and the script) from the hot path and returns the exit code, or
 * `undefined` without having written anything when the whole CLI must run.
 */
export async function hotMain(args: readonly string[]): Promise<number | undefined> {
  const { io, real, kept } = hotIo();
  let out: string | undefined;
  try {
    out = await answer(args, io);
  } catch {
    return undefined;
  }
  if (out === undefined) return undefined;
  if (kept.length > 0) real.stderr.write(kept.join(''));
  io.stdout.write(out);
  try {
    await io.finishStdout?.();
  } catch (error) {
    real.stderr.write(`sts-creds: ${escapeControl(describeError(error))}\n`);
    return EXIT.STS_FAILED;
  }
  return EXIT.OK;
}
