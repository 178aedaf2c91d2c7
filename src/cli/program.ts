import { Command, Option } from 'commander';
import type { AssumeRoleCliOptions, CustomTokenCliOptions } from './commands/options.js';
import type { CliIo } from './io.js';

/** What the parsed command line asks for; the program only parses, it never runs a command. */
export type Invocation =
  | { command: 'assume-role'; options: AssumeRoleCliOptions; render: 'output' | 'env' }
  | { command: 'custom-token'; options: CustomTokenCliOptions; render: 'output' | 'env' };

function addCommonOptions(cmd: Command, withOutput: boolean): Command {
  cmd
    .option('--endpoint <url>', 'STS endpoint (env AWS_ENDPOINT_URL_STS, AWS_ENDPOINT_URL; default http://localhost:9000)')
    .addOption(new Option('--sts-ep <url>', 'alias of --endpoint (as in MinIO\'s sample)').hideHelp())
    .option('--region <region>', 'SigV4 region (env AWS_REGION; default us-east-1)')
    .option('--timeout <seconds>', 'time allowed for each request (default 30)')
    .option('--debug', 'show stack traces (secrets redacted) on failure');
  if (withOutput) cmd.addOption(new Option('-o, --output <format>', 'output format').choices(['text', 'json']).default('text'));
  return cmd;
}

function addAssumeRoleOptions(cmd: Command, withOutput: boolean): Command {
  cmd
    .option('-u, --user <user>', 'access key of the MinIO user (env STS_CREDS_USER)')
    .option('-p, --password <password>', 'secret key of the user (visible to other processes: prefer the alternatives)')
    .option('--password-stdin', 'read the password from standard input')
    .option('--password-file <file>', 'read the password from a file')
    .option('-e, --duration <duration>', 'lifetime: seconds or 1h30m, 15m, 7d (900s to 365d)')
    .option('--policy <json>', 'session policy (JSON) narrowing what the credentials may do')
    .option('-s, --policy-file <file>', 'read the session policy from a file')
    .option('--role-arn <arn>', 'role to assume (AWS STS; ignored by MinIO)')
    .option('--role-session-name <name>', 'session name (AWS STS; ignored by MinIO)')
    .option('--external-id <id>', 'external id (AWS STS; ignored by MinIO)');
  if (withOutput) {
    cmd
      .option('-d, --display', 'only display the credentials (accepted for compatibility with MinIO\'s sample)')
      .option('-b, --bucket <name>', 'after getting credentials, list this bucket\'s objects with them');
  }
  return addCommonOptions(cmd, withOutput);
}

function addCustomTokenOptions(cmd: Command, withOutput: boolean): Command {
  cmd
    .option('-t, --token <token>', 'token for the identity plugin (visible to other processes: prefer the alternatives; env STS_CREDS_TOKEN)')
    .option('--token-file <file>', 'read the token from a file')
    .option('--token-stdin', 'read the token from standard input')
    .option('-r, --role-arn <arn>', 'the identity plugin\'s role ARN (env STS_CREDS_ROLE_ARN)')
    .option('-e, --duration <duration>', 'lifetime: seconds or 1h, 15m, 7d (900s to 7d)');
  if (withOutput) cmd.option('-b, --bucket <name>', 'after getting credentials, list this bucket\'s objects with them');
  return addCommonOptions(cmd, withOutput);
}

function normalise<T extends { stsEp?: string; endpoint?: string | undefined }>(opts: T): T {
  const { stsEp, ...rest } = opts;
  return (stsEp && !rest.endpoint ? { ...rest, endpoint: stsEp } : rest) as T;
}

/**
 * Builds the commander program. Parsing records the {@link Invocation} through `onInvoke`;
 * running it is left to the caller, so the wiring can be tested on its own.
 */
export function buildProgram(io: CliIo, version: string, onInvoke: (invocation: Invocation) => void): Command {
  const program = new Command('sts-creds')
    .description('Temporary credentials from MinIO and AWS-compatible STS, for people, shells and programs')
    .version(version, '-V, --version')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      outputError: (s, write) => write(`sts-creds: ${s.replace(/^error: /, '').replace(/\s*\n\s*/g, ' ').trim()}\n`),
    });
  program.addHelpText(
    'after',
    '\nExit codes: 0 success, 1 the STS call failed, 2 usage or invalid input.\n' +
      'Examples:\n  sts-creds assume-role -u foobar -p foo12345\n  eval "$(sts-creds env -u foobar --password-stdin < pw.txt)"',
  );

  addAssumeRoleOptions(program.command('assume-role').description('get credentials with AssumeRole (your own access key and secret key)'), true)
    .action((opts: AssumeRoleCliOptions) => onInvoke({ command: 'assume-role', options: normalise(opts), render: 'output' }));

  addCustomTokenOptions(
    program
      .command('custom-token')
      .alias('assume-role-with-custom-token')
      .description('get credentials with AssumeRoleWithCustomToken (a token checked by MinIO\'s identity plugin)'),
    true,
  ).action((opts: CustomTokenCliOptions) => onInvoke({ command: 'custom-token', options: normalise(opts), render: 'output' }));

  const env = program
    .command('env')
    .description('print shell lines that export AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN and AWS_CREDENTIAL_EXPIRATION')
    .addHelpText('after', '\nUse: eval "$(sts-creds env [assume-role|custom-token] [options])"');
  addAssumeRoleOptions(env.command('assume-role', { isDefault: true }).description('with AssumeRole (the default)'), false)
    .action((opts: AssumeRoleCliOptions) => onInvoke({ command: 'assume-role', options: normalise(opts), render: 'env' }));
  addCustomTokenOptions(env.command('custom-token').alias('assume-role-with-custom-token').description('with AssumeRoleWithCustomToken'), false)
    .action((opts: CustomTokenCliOptions) => onInvoke({ command: 'custom-token', options: normalise(opts), render: 'env' }));

  for (const cmd of [program, ...program.commands, ...env.commands]) {
    cmd.exitOverride().configureOutput(program.configureOutput());
  }
  return program;
}
