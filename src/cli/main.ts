import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { CommanderError } from 'commander';
import type { Shell } from '../format/render-shell.js';
import { ARGV_GRAMMAR } from './argv-grammar.js';
import { argvSecrets } from './argv-secrets.js';
import { EXIT, describeError, getExitCode } from './errors.js';
import { acceptDashAsStdin } from './inputs/files.js';
import { resolveCredentialRun } from './commands/resolve-run.js';
import { processIo, type CliIo } from './io.js';
import { cliNotices } from './notices.js';
import { rewriteGoFlags } from './go-flags.js';
import type { Invocation } from './invocation.js';
import { buildProgram, execArgumentsOf } from './program.js';
import { Redactor } from './redact.js';
import { renderOutcome, renderUnset } from './render-outcome.js';
import { colourLevel, textStyle } from './style.js';
import { escapeControl } from '../text/server-text.js';

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/** Parses the arguments; undefined when commander has answered already (help) or nothing was asked. */
async function parse(args: readonly string[], io: CliIo, redactor: Redactor): Promise<Invocation | undefined> {
  let invocation: Invocation | undefined;
  // Only what the parser uses, and stderr untouched until it writes: process.stderr is built on first use.
  const parserIo: Pick<CliIo, 'env' | 'stdout' | 'stderr'> = {
    env: io.env,
    stdout: io.stdout,
    stderr: {
      write: (text: string) => io.stderr.write(redactor.redact(text)),
      get isTTY() {
        return io.stderr.isTTY;
      },
    },
  };
  const program = buildProgram(parserIo, packageVersion(), (inv) => {
    invocation = inv;
  });
  const { argv, defaulted } = execArgumentsOf(args);
  await program.parseAsync(argv, { from: 'user' });
  if (!invocation) program.outputHelp({ error: true });
  // exec's method was named for commander's sake only: the user named none, so a profile's may apply.
  if (defaulted && invocation?.mode === 'exec') invocation.defaulted = true;
  return invocation;
}

/** Runs what the command line asked for; returns the exit code. Writes stdout only when everything succeeded. */
async function run(invocation: Invocation, io: CliIo, redactor: Redactor): Promise<number> {
  if (invocation.mode === 'completion') {
    io.stdout.write(invocation.script);
    return EXIT.OK;
  }
  if (invocation.mode === 'doctor') {
    const { doctorCommand } = await import('./commands/doctor.js');
    const report = await doctorCommand(invocation.options, io, redactor);
    io.stdout.write(redactor.redact(report.text));
    return report.ok ? EXIT.OK : EXIT.STS_FAILED;
  }
  if (invocation.mode === 'keyring') {
    const { keyringCommand } = await import('./commands/keyring.js');
    io.stdout.write(await keyringCommand(invocation, io, redactor));
    return EXIT.OK;
  }
  if (invocation.mode === 'names') {
    const { completionNames } = await import('./completion-names.js');
    const names = await completionNames(invocation.kind, io.env, homedir());
    io.stdout.write(names.map((name) => `${name}\n`).join(''));
    return EXIT.OK;
  }
  if (invocation.mode === 'cache' && invocation.action === 'run') {
    const { cacheRunCommand } = await import('./commands/cache-run.js');
    return await cacheRunCommand(invocation, io, redactor);
  }
  if (invocation.mode === 'cache' || invocation.mode === 'clear') {
    const { cacheCommand } = await import('./commands/cache.js');
    io.stdout.write(await cacheCommand(invocation, io, redactor));
    return EXIT.OK;
  }
  if (invocation.mode === 'login') {
    const { loginCommand } = await import('./commands/login.js');
    const outcome = await loginCommand(invocation, io, redactor);
    io.stdout.write(redactor.redact(outcome.text));
    return outcome.code;
  }
  const opts = invocation.options;
  if (invocation.mode === 'env' && opts.unset) {
    io.stdout.write(renderUnset((opts.shell ?? 'sh') as Shell, opts.mcAlias));
    return EXIT.OK;
  }
  if (invocation.mode === 'exec') {
    // Loaded only for exec: node:child_process and node:http cost every other command start-up time.
    const { execCommand } = await import('./commands/exec-command.js');
    return await execCommand(invocation, io, redactor);
  }
  const inputs = await resolveCredentialRun(invocation, io, redactor);
  // Loaded only now, so --help, --version and usage errors never load the HTTP, signing or XML code.
  const { obtainCredentials } = await import('./commands/obtain-credentials.js');
  const outcome = await obtainCredentials(inputs, io, redactor);
  io.stdout.write(renderOutcome(inputs.output, outcome, io.now(), () => textStyle(colourLevel(io.env, io.stdout.isTTY))));
  return EXIT.OK;
}

/**
 * Runs `sts-creds` with the given arguments (without `node` and the script) and returns the exit code.
 * Writes credentials to stdout only when everything succeeded; every failure is one line on stderr,
 * a failed write to stdout included (exit 1).
 */
export async function main(args: readonly string[], io: CliIo = processIo()): Promise<number> {
  // MinIO's samples' Go-style flags (`-sts-ep URL`, `-u=foobar`) in commander's form, before anything reads argv.
  const code = await parseAndRun(rewriteGoFlags(args, ARGV_GRAMMAR), io);
  try {
    await io.finishStdout?.();
  } catch (error) {
    io.stderr.write(`sts-creds: ${escapeControl(describeError(error))}\n`);
    return EXIT.STS_FAILED;
  }
  return code;
}

/** {@link main} up to the output: parse, run, and turn a failure into one line and an exit code. */
async function parseAndRun(args: readonly string[], io: CliIo): Promise<number> {
  const redactor = new Redactor();
  acceptDashAsStdin(() => io.stdin);
  // Secrets typed into argv are known before parsing, so not even a parser error can echo one.
  for (const value of argvSecrets(args, ARGV_GRAMMAR).values) redactor.add(value);
  let invocation: Invocation | undefined;
  try {
    invocation = await parse(args, io, redactor);
    if (!invocation) return EXIT.USAGE;
    // Parsed: the arguments, secrets among them, need not stay visible to `ps` (exec lives as long as its command).
    io.setTitle?.(invocation.mode === 'output' ? 'sts-creds' : `sts-creds ${invocation.mode}`);
    // Warn only about sts-creds' own flags: what follows exec's command (`mysql -p ...`) is the command's.
    const own = invocation.mode === 'exec' && invocation.command ? args.slice(0, args.length - invocation.command.length) : args;
    const notices = cliNotices(io, redactor);
    for (const warning of argvSecrets(own, ARGV_GRAMMAR).warnings) notices.warnOnce(warning, warning, 'own');
    return await run(invocation, io, redactor);
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
    io.stderr.write(`sts-creds: ${escapeControl(describeError(error, (text) => redactor.redact(text)))}\n`);
    // sts-creds' own --debug, as parsed: never a `--debug` meant for exec's command.
    if (invocation?.options.debug === true && error instanceof Error && error.stack) io.stderr.write(`${redactor.redact(error.stack)}\n`);
    return getExitCode(error);
  }
}
