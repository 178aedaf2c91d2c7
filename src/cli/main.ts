import { readFileSync } from 'node:fs';
import { CommanderError } from 'commander';
import { StsValidationError } from '../errors.js';
import { credentialVariables } from '../format/credential-vars.js';
import { renderJson } from '../format/render-json.js';
import { renderListing, renderText } from '../format/render-text.js';
import { UnrepresentableValueError, renderPosixExports } from '../format/shell-posix.js';
import { assumeRoleCommand, customTokenCommand, type CredentialOutcome } from './commands/get-credentials.js';
import { CliUsageError, EXIT, getExitCode } from './errors.js';
import { processIo, type CliIo } from './io.js';
import { buildProgram, type Invocation } from './program.js';
import { Redactor } from './redact.js';
import { colourLevel, textStyle } from './style.js';

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/** Turns a command's outcome into what goes to stdout. Throws only for values a shell cannot carry. */
function render(invocation: Invocation, outcome: CredentialOutcome, io: CliIo): string {
  if (invocation.render === 'env') {
    try {
      return renderPosixExports(credentialVariables(outcome.result));
    } catch (error) {
      if (error instanceof UnrepresentableValueError) throw new CliUsageError(`cannot export for the shell: ${error.message}`);
      throw error;
    }
  }
  const { result, listing } = outcome;
  if (invocation.options.output === 'json') return renderJson(result, listing?.objects);
  const display = invocation.command === 'assume-role' && invocation.options.display;
  const style = textStyle(colourLevel(io.env, io.stdout.isTTY));
  let out = renderText(result, result.serverDate ?? io.now(), style, display ? 'Only displaying credentials:' : undefined);
  if (listing) out += renderListing(listing.bucket, listing.objects);
  return out;
}

const FLAG_OF_FIELD: Record<string, string> = {
  durationSeconds: '-e/--duration',
  policy: '--policy',
  endpoint: '--endpoint',
  token: '--token',
  roleArn: '--role-arn',
};

/** The one-line reason shown to the user; validation errors name the flag rather than the library option. */
function describe(error: unknown): string {
  if (error instanceof StsValidationError && FLAG_OF_FIELD[error.field]) return `invalid ${FLAG_OF_FIELD[error.field]}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

/**
 * Runs `sts-creds` with the given arguments (without `node` and the script) and returns the exit code.
 * Writes credentials to stdout only when everything succeeded; every failure is one line on stderr.
 */
export async function main(args: readonly string[], io: CliIo = processIo()): Promise<number> {
  const redactor = new Redactor();
  const debug = args.includes('--debug');
  let invocation: Invocation | undefined;
  try {
    const program = buildProgram(io, packageVersion(), (inv) => {
      invocation = inv;
    });
    await program.parseAsync([...args], { from: 'user' });
    if (!invocation) {
      program.outputHelp({ error: true });
      return EXIT.USAGE;
    }
    const outcome =
      invocation.command === 'assume-role'
        ? await assumeRoleCommand(invocation.options, io, redactor)
        : await customTokenCommand(invocation.options, io, redactor);
    io.stdout.write(render(invocation, outcome, io));
    return EXIT.OK;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
    const message = describe(error);
    io.stderr.write(`sts-creds: ${redactor.redact(oneLine(message))}\n`);
    if (debug && error instanceof Error && error.stack) io.stderr.write(`${redactor.redact(error.stack)}\n`);
    return getExitCode(error);
  }
}
