import { Command, Option } from 'commander';
import { SHELLS } from '../format/render-shell.js';
import {
  OUTPUT_FORMATS,
  type AssumeRoleCliOptions,
  type CertificateCliOptions,
  type CustomTokenCliOptions,
  type LdapCliOptions,
  type WebTokenCliOptions,
} from './commands/options.js';
import type { DoctorCliOptions } from './commands/doctor.js';
import type { CliIo } from './io.js';

/** How the credentials are handed over. */
export type Mode = 'output' | 'env' | 'exec';

/** What the parsed command line asks for; the program only parses, it never runs a command. */
export type Invocation =
  | { method: 'assume-role'; options: AssumeRoleCliOptions; mode: Mode; command?: string[] | undefined }
  | { method: 'custom-token'; options: CustomTokenCliOptions; mode: Mode; command?: string[] | undefined }
  | { method: 'ldap'; options: LdapCliOptions; mode: Mode; command?: string[] | undefined }
  | { method: 'web-identity'; options: WebTokenCliOptions; mode: Mode; command?: string[] | undefined }
  | { method: 'client-grants'; options: WebTokenCliOptions; mode: Mode; command?: string[] | undefined }
  | { method: 'certificate'; options: CertificateCliOptions; mode: Mode; command?: string[] | undefined }
  | { method: 'doctor'; options: DoctorCliOptions; mode: 'output'; command?: undefined };

/** An invocation that produces credentials (every command but `doctor`). */
export type CredentialInvocation = Exclude<Invocation, { method: 'doctor' }>;

/** Collects a repeatable option's values. */
function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** `--retries`, `--ca-bundle`, `--insecure`: how requests travel. */
function addNetworkOptions(cmd: Command): Command {
  return cmd
    .option('--retries <n>', 'retries after a network error, 5xx or throttling, with backoff (default 2; 0 turns them off)')
    .option('--ca-bundle <file>', "CA certificates (PEM) to trust for the server's certificate (env AWS_CA_BUNDLE)")
    .option('--insecure', 'do not verify TLS certificates (dangerous: prefer --ca-bundle)');
}

function addCommonOptions(cmd: Command, mode: Mode): Command {
  cmd
    .option('--endpoint <url>', 'STS endpoint (env AWS_ENDPOINT_URL_STS, AWS_ENDPOINT_URL; default http://localhost:9000)')
    .addOption(new Option('--sts-ep <url>', "alias of --endpoint (as in MinIO's sample)").hideHelp())
    .option('--region <region>', 'SigV4 region (env AWS_REGION; default us-east-1)')
    .option('-e, --duration <duration>', 'lifetime: seconds, or 1h30m, 15m, 7d')
    .option('--timeout <seconds>', 'time allowed for each request (default 30)');
  addNetworkOptions(cmd)
    .option('--cache', 'reuse cached credentials while enough lifetime is left (default for -o credential-process)')
    .option('--no-cache', 'always call STS; neither read nor write the cache')
    .option('--debug', 'log each request and answer (method, URL, status, timings, headers; secrets redacted) and stack traces on stderr');
  if (mode === 'output') {
    cmd
      .addOption(new Option('-o, --output <format>', 'output format').choices([...OUTPUT_FORMATS]).default('text'))
      .option('-b, --bucket <name>', "after getting credentials, list this bucket's objects with them")
      .option('--profile <name>', 'profile name for -o ini', 'sts-creds')
      .option('--alias <name>', 'alias for -o mc (MC_HOST_<alias>)', 'sts');
  }
  if (mode === 'output' || mode === 'env') {
    cmd.addOption(new Option('--shell <shell>', 'shell syntax for -o env / env').choices([...SHELLS]).default('sh'));
  }
  if (mode === 'env') cmd.option('--unset', 'print the lines that remove the variables instead (no STS call)');
  if (mode === 'exec') cmd.argument('<command...>', 'command to run (after --) with the credentials in its environment');
  return cmd;
}

/** A user name and the four ways of giving its password (the prompt is the fifth), plus a session policy. */
function addUserPasswordPolicyOptions(cmd: Command, user: string, password: string): Command {
  return cmd
    .option('-u, --user <user>', `${user} (env STS_CREDS_USER)`)
    .option('-p, --password <password>', `${password} (visible to other processes: prefer the alternatives)`)
    .option('--password-stdin', 'read the password from standard input')
    .option('--password-file <file>', 'read the password from a file')
    .option('--password-env <name>', 'read the password from this environment variable (default STS_CREDS_PASSWORD)')
    .option('--policy <json>', 'session policy (JSON) narrowing what the credentials may do')
    .option('-s, --policy-file <file>', 'read the session policy from a file');
}

function addAssumeRoleOptions(cmd: Command, mode: Mode): Command {
  addUserPasswordPolicyOptions(cmd, 'access key of the MinIO user', 'secret key of the user')
    .option('--role-arn <arn>', 'role to assume (AWS STS; ignored by MinIO)')
    .option('--role-session-name <name>', 'session name (AWS STS; ignored by MinIO)')
    .option('--external-id <id>', 'external id (AWS STS; ignored by MinIO)')
    .option('--serial-number <arn>', 'MFA device serial number or ARN (AWS STS); the code comes from --token-code or a prompt')
    .option('--token-code <code>', 'the six-digit MFA code (AWS STS)')
    .option('--tag <key=value>', 'session tag (AWS STS); repeatable', collect)
    .option('--transitive-tag-key <key>', 'session tag key that passes on to chained sessions (AWS STS); repeatable', collect)
    .option('--policy-arn <arn>', 'managed policy ARN used as a session policy (AWS STS); repeatable', collect)
    .option('--source-identity <id>', 'source identity of the role session (AWS STS)');
  if (mode === 'output') cmd.option('-d, --display', "only display the credentials (accepted for compatibility with MinIO's sample)");
  return addCommonOptions(cmd, mode);
}

function addCustomTokenOptions(cmd: Command, mode: Mode): Command {
  cmd
    .option('-t, --token <token>', 'token for the identity plugin (visible to other processes: prefer the alternatives)')
    .option('--token-file <file>', 'read the token from a file')
    .option('--token-stdin', 'read the token from standard input')
    .option('--token-env <name>', 'read the token from this environment variable (default STS_CREDS_TOKEN)')
    .option('-r, --role-arn <arn>', "the identity plugin's role ARN (env STS_CREDS_ROLE_ARN)");
  return addCommonOptions(cmd, mode);
}

function addLdapOptions(cmd: Command, mode: Mode): Command {
  addUserPasswordPolicyOptions(cmd, 'LDAP user name, as MinIO searches for it', 'LDAP password');
  return addCommonOptions(cmd, mode);
}

function addWebTokenOptions(cmd: Command, mode: Mode, webIdentity: boolean): Command {
  const what = webIdentity ? 'OpenID Connect ID token (JWT)' : 'access token (JWT)';
  cmd
    .option('-t, --token <token>', `the ${what} (visible to other processes: prefer the alternatives)`)
    .option('--token-file <file>', `read the token from a file${webIdentity ? ' (default AWS_WEB_IDENTITY_TOKEN_FILE)' : ''}`)
    .option('--token-stdin', 'read the token from standard input')
    .option('--token-env <name>', 'read the token from this environment variable (default STS_CREDS_TOKEN)')
    .option('-r, --role-arn <arn>', `role to assume (optional on MinIO${webIdentity ? '; env AWS_ROLE_ARN' : ''})`);
  if (webIdentity) cmd.option('--role-session-name <name>', 'session name (AWS STS; env AWS_ROLE_SESSION_NAME; default sts-creds-<time> with a role ARN)');
  cmd
    .option('--policy <json>', 'session policy (JSON) narrowing what the credentials may do')
    .option('-s, --policy-file <file>', 'read the session policy from a file');
  return addCommonOptions(cmd, mode);
}

function addCertificateOptions(cmd: Command, mode: Mode): Command {
  cmd
    .option('--cert <file>', 'TLS client certificate (PEM); its subject CN names the MinIO policy')
    .option('--key <file>', 'private key of --cert (PEM)')
    .option('--pfx <file>', 'client certificate and key as one PKCS#12 file, instead of --cert and --key')
    .option('--passphrase-env <name>', 'read the passphrase of --key or --pfx from this environment variable');
  return addCommonOptions(cmd, mode);
}

function normalise<T extends { stsEp?: string; endpoint?: string | undefined }>(opts: T): T {
  const { stsEp, ...rest } = opts;
  return (stsEp && !rest.endpoint ? { ...rest, endpoint: stsEp } : rest) as T;
}

type OnInvoke = (invocation: Invocation) => void;

function addMethods(parent: Command, mode: Mode, onInvoke: OnInvoke, nested: boolean): void {
  const describe = (text: string): string => (nested ? text : text);
  const assume = parent.command('assume-role', nested ? { isDefault: true } : {});
  addAssumeRoleOptions(assume.description(describe('get credentials with AssumeRole (your own access key and secret key)')), mode).action(
    (...args: unknown[]) => {
      const [command, opts] = mode === 'exec' ? [args[0] as string[], args[1]] : [undefined, args[0]];
      onInvoke({ method: 'assume-role', options: normalise(opts as AssumeRoleCliOptions), mode, command });
    },
  );
  const custom = parent.command('custom-token').alias('assume-role-with-custom-token');
  addCustomTokenOptions(custom.description("get credentials with AssumeRoleWithCustomToken (a token checked by MinIO's identity plugin)"), mode).action(
    (...args: unknown[]) => {
      const [command, opts] = mode === 'exec' ? [args[0] as string[], args[1]] : [undefined, args[0]];
      onInvoke({ method: 'custom-token', options: normalise(opts as CustomTokenCliOptions), mode, command });
    },
  );
  const split = (args: unknown[]): [string[] | undefined, unknown] => (mode === 'exec' ? [args[0] as string[], args[1]] : [undefined, args[0]]);
  const ldap = parent.command('ldap').alias('assume-role-with-ldap-identity');
  addLdapOptions(ldap.description('get credentials with AssumeRoleWithLDAPIdentity (an LDAP user name and password)'), mode).action((...args: unknown[]) => {
    const [command, opts] = split(args);
    onInvoke({ method: 'ldap', options: normalise(opts as LdapCliOptions), mode, command });
  });
  const web = parent.command('web-identity').alias('assume-role-with-web-identity');
  addWebTokenOptions(web.description('get credentials with AssumeRoleWithWebIdentity (an OpenID Connect ID token)'), mode, true).action(
    (...args: unknown[]) => {
      const [command, opts] = split(args);
      onInvoke({ method: 'web-identity', options: normalise(opts as WebTokenCliOptions), mode, command });
    },
  );
  const grants = parent.command('client-grants').alias('assume-role-with-client-grants');
  addWebTokenOptions(grants.description('get credentials with AssumeRoleWithClientGrants (an access token, MinIO)'), mode, false).action(
    (...args: unknown[]) => {
      const [command, opts] = split(args);
      onInvoke({ method: 'client-grants', options: normalise(opts as WebTokenCliOptions), mode, command });
    },
  );
  const cert = parent.command('certificate').alias('assume-role-with-certificate');
  addCertificateOptions(cert.description('get credentials with AssumeRoleWithCertificate (a TLS client certificate, MinIO)'), mode).action(
    (...args: unknown[]) => {
      const [command, opts] = split(args);
      onInvoke({ method: 'certificate', options: normalise(opts as CertificateCliOptions), mode, command });
    },
  );
}

/**
 * Builds the commander program. Parsing records the {@link Invocation} through `onInvoke`;
 * running it is left to the caller, so the wiring can be tested on its own.
 */
export function buildProgram(io: CliIo, version: string, onInvoke: OnInvoke): Command {
  const output = {
    writeOut: (s: string) => io.stdout.write(s),
    writeErr: (s: string) => io.stderr.write(s),
    // An unknown `--opt=value` may be a misspelt secret flag (`--pasword=...`): never echo its value.
    outputError: (s: string, write: (s: string) => void) =>
      write(`sts-creds: ${s.replace(/^error: /, '').replace(/(unknown option '[^'=\s]+=).*'/, "$1***'").replace(/\s*\n\s*/g, ' ').trim()}\n`),
  };
  const program = new Command('sts-creds')
    .description('Temporary credentials from MinIO and AWS-compatible STS, for people, shells and programs')
    .version(version, '-V, --version')
    .showSuggestionAfterError(true);
  program.addHelpText(
    'after',
    '\nExit codes: 0 success, 1 the STS call failed, 2 usage or invalid input;\n' +
      '`exec` exits with the command\'s own code (128+N when a signal N ended it, 127 not found, 126 not executable).\n\n' +
      'Examples:\n  sts-creds assume-role -u foobar -p foo12345\n' +
      '  eval "$(sts-creds env -u foobar --password-file ~/.minio-pw)"\n' +
      '  sts-creds exec -u foobar --password-env MY_PW -- aws s3 ls',
  );
  addMethods(program, 'output', onInvoke, false);

  const env = program
    .command('env')
    .description('print shell lines that set AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_CREDENTIAL_EXPIRATION')
    .addHelpText('after', '\nUse: eval "$(sts-creds env [assume-role|custom-token|ldap|web-identity|client-grants|certificate] [options])"');
  addMethods(env, 'env', onInvoke, true);

  const exec = program
    .command('exec')
    .description('run a command with the credentials in its environment: sts-creds exec [method] [options] -- command [args...]');
  addMethods(exec, 'exec', onInvoke, true);

  const doctor = program
    .command('doctor')
    .description('check the way to the STS endpoint: address, proxy, TCP, TLS chain, STS, clock skew, MinIO health; exit 0 when all pass')
    .option('--endpoint <url>', 'STS endpoint (env AWS_ENDPOINT_URL_STS, AWS_ENDPOINT_URL; default http://localhost:9000)')
    .addOption(new Option('--sts-ep <url>', 'alias of --endpoint').hideHelp())
    .option('--timeout <seconds>', 'time allowed for each probe (default 10)')
    .option('--ca-bundle <file>', "CA certificates (PEM) to trust for the server's certificate (env AWS_CA_BUNDLE)")
    .option('--insecure', 'report an untrusted certificate as a warning instead of a failure')
    .option('--debug', 'log each request and answer (secrets redacted) on stderr');
  doctor.action((opts: DoctorCliOptions & { stsEp?: string }) => onInvoke({ method: 'doctor', options: normalise(opts), mode: 'output' }));

  const all = (cmd: Command): Command[] => [cmd, ...cmd.commands.flatMap(all)];
  for (const cmd of all(program)) cmd.exitOverride().configureOutput(output);
  return program;
}
