import { readFileSync } from 'node:fs';
import { CommanderError } from 'commander';
import { StsTransportError, StsValidationError } from '../errors.js';
import { CREDENTIAL_VARIABLES, credentialVariables } from '../format/credential-vars.js';
import { renderCredentialProcess, renderDotenv, renderIni, renderMc } from '../format/render-files.js';
import { renderJson } from '../format/render-json.js';
import { renderShellExports, renderShellUnset, type Shell } from '../format/render-shell.js';
import { renderListing, renderText } from '../format/render-text.js';
import { UnrepresentableValueError } from '../format/shell-posix.js';
import type { CredentialOutcome } from './commands/get-credentials.js';
import { argvSecrets } from './argv-secrets.js';
import { CliUsageError, EXIT, getExitCode } from './errors.js';
import { processIo, type CliIo } from './io.js';
import { cliNotices } from './notices.js';
import { buildProgram, type CredentialInvocation, type Invocation } from './program.js';
import { Redactor } from './redact.js';
import { colourLevel, textStyle } from './style.js';

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/** Turns a command's outcome into what goes to stdout. Pure apart from reading the colour settings. */
function render(invocation: CredentialInvocation, outcome: CredentialOutcome, io: CliIo): string {
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
  webIdentityToken: '--token',
  roleArn: '--role-arn',
  username: '-u/--user',
  password: '--password',
  tags: '--tag',
  transitiveTagKeys: '--transitive-tag-key',
  policyArns: '--policy-arn',
  tokenCode: '--token-code',
  serialNumber: '--serial-number',
};

/** The one-line reason shown to the user; validation errors name the flag rather than the library option. */
function describe(error: unknown): string {
  if (error instanceof StsValidationError && FLAG_OF_FIELD[error.field]) return `invalid ${FLAG_OF_FIELD[error.field]}: ${error.message}`;
  if (error instanceof StsTransportError && /^(?:CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_)/.test(error.causeCode ?? '')) {
    return `${error.message}; to trust a private CA use --ca-bundle <file> or AWS_CA_BUNDLE`;
  }
  return error instanceof Error ? error.message : String(error);
}

type Commands = typeof import('./commands/get-credentials.js');

/** Runs the credential command the invocation names. */
function runMethod(invocation: CredentialInvocation, commands: Commands, io: CliIo, redactor: Redactor): Promise<CredentialOutcome> {
  switch (invocation.method) {
    case 'assume-role':
      return commands.assumeRoleCommand(invocation.options, io, redactor);
    case 'custom-token':
      return commands.customTokenCommand(invocation.options, io, redactor);
    case 'ldap':
      return commands.ldapCommand(invocation.options, io, redactor);
    case 'web-identity':
      return commands.webIdentityCommand(invocation.options, io, redactor);
    case 'client-grants':
      return commands.clientGrantsCommand(invocation.options, io, redactor);
    case 'certificate':
      return commands.certificateCommand(invocation.options, io, redactor);
  }
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
  // Secrets typed into argv are known before parsing, so not even a parser error can echo one.
  const fromArgv = argvSecrets(args);
  for (const value of fromArgv.values) redactor.add(value);
  const debug = args.includes('--debug');
  let invocation: Invocation | undefined;
  try {
    const parserIo: CliIo = { ...io, stderr: { write: (text: string) => io.stderr.write(redactor.redact(text)), isTTY: io.stderr.isTTY } };
    const program = buildProgram(parserIo, packageVersion(), (inv) => {
      invocation = inv;
    });
    await program.parseAsync([...args], { from: 'user' });
    if (!invocation) {
      program.outputHelp({ error: true });
      return EXIT.USAGE;
    }
    const notices = cliNotices(io, redactor);
    for (const warning of fromArgv.warnings) notices.warnOnce(warning, warning);
    if (invocation.method === 'doctor') {
      const { doctorCommand } = await import('./commands/doctor.js');
      const report = await doctorCommand(invocation.options, io, redactor);
      io.stdout.write(redactor.redact(report.text));
      return report.ok ? EXIT.OK : EXIT.STS_FAILED;
    }
    if (invocation.mode === 'env' && invocation.options.unset) {
      io.stdout.write(renderShellUnset((invocation.options.shell ?? 'sh') as Shell, CREDENTIAL_VARIABLES));
      return EXIT.OK;
    }
    // Loaded only now, so --help, --version and usage errors never load the HTTP, signing or XML code.
    const commands = await import('./commands/get-credentials.js');
    const outcome = await runMethod(invocation, commands, io, redactor);
    if (invocation.mode === 'exec') {
      // A variable named by --password-env/--token-env/--passphrase-env holds a long-term secret too.
      const named = invocation.options as { passwordEnv?: string; tokenEnv?: string; passphraseEnv?: string };
      const secretVars = [named.passwordEnv, named.tokenEnv, named.passphraseEnv].filter((n): n is string => Boolean(n));
      // Loaded only for exec: node:child_process costs every other command start-up time.
      const { childEnvironment, runCommand } = await import('./exec.js');
      const env = childEnvironment(io.env, credentialVariables(outcome.result), secretVars);
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
