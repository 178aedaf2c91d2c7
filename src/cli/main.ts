import { readFileSync } from 'node:fs';
import { CommanderError } from 'commander';
import { StsValidationError } from '../errors.js';
import { CREDENTIAL_VARIABLES, credentialVariables } from '../format/credential-vars.js';
import { renderCredentialProcess, renderDotenv, renderIni, renderMc } from '../format/render-files.js';
import { renderJson } from '../format/render-json.js';
import { renderShellExports, renderShellUnset, type Shell } from '../format/render-shell.js';
import { renderListing, renderText } from '../format/render-text.js';
import { UnrepresentableValueError } from '../format/shell-posix.js';
import type { CredentialOutcome } from './commands/get-credentials.js';
import { CliUsageError, EXIT, getExitCode } from './errors.js';
import { childEnvironment, runCommand } from './exec.js';
import { processIo, type CliIo } from './io.js';
import { buildProgram, type Invocation } from './program.js';
import { Redactor } from './redact.js';
import { colourLevel, textStyle } from './style.js';

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/** Turns a command's outcome into what goes to stdout. Pure apart from reading the colour settings. */
function render(invocation: Invocation, outcome: CredentialOutcome, io: CliIo): string {
  const { result, listing } = outcome;
  const opts = invocation.options;
  const format = invocation.mode === 'env' ? 'env' : (opts.output ?? 'text');
  try {
    switch (format) {
      case 'env':
        return renderShellExports((opts.shell ?? 'sh') as Shell, credentialVariables(result));
      case 'json':
        return renderJson(result, listing?.objects);
      case 'credential-process':
        return renderCredentialProcess(result);
      case 'dotenv':
        return renderDotenv(result);
      case 'ini':
        return renderIni(result, opts.profile ?? 'sts-creds');
      case 'mc':
        return renderMc(result, outcome.endpoint, opts.alias ?? 'sts');
      case 'text': {
        const display = invocation.method === 'assume-role' && invocation.options.display;
        const style = textStyle(colourLevel(io.env, io.stdout.isTTY));
        let out = renderText(result, result.serverDate ?? io.now(), style, display ? 'Only displaying credentials:' : undefined);
        if (listing) out += renderListing(listing.bucket, listing.objects);
        return out;
      }
    }
  } catch (error) {
    if (error instanceof UnrepresentableValueError) throw new CliUsageError(`cannot write ${format} output: ${error.message}`);
    throw error;
  }
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
    if (invocation.mode === 'env' && invocation.options.unset) {
      io.stdout.write(renderShellUnset((invocation.options.shell ?? 'sh') as Shell, CREDENTIAL_VARIABLES));
      return EXIT.OK;
    }
    // Loaded only now, so --help, --version and usage errors never load the HTTP, signing or XML code.
    const commands = await import('./commands/get-credentials.js');
    const outcome =
      invocation.method === 'assume-role'
        ? await commands.assumeRoleCommand(invocation.options, io, redactor)
        : await commands.customTokenCommand(invocation.options, io, redactor);
    if (invocation.mode === 'exec') {
      const env = childEnvironment(io.env, credentialVariables(outcome.result));
      return await runCommand(invocation.command ?? [], env, io);
    }
    io.stdout.write(render(invocation, outcome, io));
    return EXIT.OK;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
    io.stderr.write(`sts-creds: ${redactor.redact(oneLine(describe(error)))}\n`);
    if (debug && error instanceof Error && error.stack) io.stderr.write(`${redactor.redact(error.stack)}\n`);
    return getExitCode(error);
  }
}
