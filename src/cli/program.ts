import { Argument, Command, Help, Option } from 'commander';
import { COMPLETION_SHELLS, NAME_KINDS, renderCompletion, type CompletionShell, type NameKind } from './completion.js';
import { ARGV_GRAMMAR, METHOD_NAMES } from './argv-grammar.js';
import { splitExecArgs } from './exec-argv.js';
import type { CliIo } from './io.js';
import { LOGIN_OPTIONS, LOGOUT_OPTIONS, type LoginCliOptions } from './login-options.js';
import { CREDENTIAL_METHODS } from './methods.js';
import {
  COMMON_OPTIONS,
  DOCTOR_OPTIONS,
  KEYRING_ADD_OPTIONS,
  type CredentialCliOptions,
  type DoctorCliOptions,
  type KeyringCliOptions,
  type Mode,
  type OptionSpec,
} from './options.js';
import type { Invocation } from './invocation.js';
import { collect, normalise } from './option-values.js';
import { helpWidth } from './help-width.js';

function toOption(spec: OptionSpec): Option {
  const option = new Option(spec.flags, spec.description);
  if (spec.choices) option.choices([...spec.choices]);
  if (spec.default !== undefined) option.default(spec.default);
  if (spec.repeatable) option.argParser(collect);
  if (spec.hidden) option.hideHelp();
  return option;
}

function addOptions(cmd: Command, specs: readonly OptionSpec[], mode: Mode | 'doctor' | 'keyring' | 'login'): void {
  for (const spec of specs) if (mode === 'doctor' || mode === 'keyring' || mode === 'login' || !spec.modes || spec.modes.includes(mode)) cmd.addOption(toOption(spec));
}

type OnInvoke = (invocation: Invocation) => void;

/**
 * The options of the method commands, added only to the command a run dispatches to: the method
 * table makes some 700 commander options across the 18 method commands, and building them all cost
 * every start-up several milliseconds that one command's options do not.
 */
const pendingOptions = new WeakMap<Command, () => void>();

function addOptionsLater(cmd: Command, add: () => void): void {
  pendingOptions.set(cmd, add);
}

/** Adds `cmd`'s options now, if they were left for later. */
function ensureOptions(cmd: Command): void {
  const add = pendingOptions.get(cmd);
  if (!add) return;
  pendingOptions.delete(cmd);
  add();
}

/** Where a description no longer fits beside its term, it goes on the lines below, indented this much. */
const HANGING_INDENT = 6;

/**
 * Help that fits the width without breaking a word: a command's term is its name alone (the long
 * alias is in its description), and a description too wide for the space beside a long term moves
 * to the lines below it, wrapped at spaces.
 */
const HELP_CONFIG: Partial<Help> = {
  // Help can be asked of a command without dispatching to it (`sts-creds help assume-role`).
  visibleOptions(cmd: Command): Option[] {
    ensureOptions(cmd);
    return Help.prototype.visibleOptions.call(this, cmd);
  },
  subcommandTerm(cmd: Command): string {
    const args = cmd.registeredArguments.map((arg) => (arg.required ? `<${arg.name()}${arg.variadic ? '...' : ''}>` : `[${arg.name()}${arg.variadic ? '...' : ''}]`));
    return [cmd.name(), ...(cmd.options.length || pendingOptions.has(cmd) ? ['[options]'] : []), ...args].join(' ');
  },
  formatItem(term: string, termWidth: number, description: string, helper: Help): string {
    const width = helper.helpWidth ?? 80;
    if (!description || width - termWidth - 4 >= helper.minWidthToWrap) return Help.prototype.formatItem.call(helper, term, termWidth, description, helper);
    const indent = ' '.repeat(HANGING_INDENT);
    return `  ${term}\n${indent}${helper.boxWrap(description, width - HANGING_INDENT).replace(/\n/g, `\n${indent}`)}`;
  },
};

/**
 * The options a mode adds to every method (`env --unset`, `exec --server`, ...), as help text for the mode's
 * own command, whose options otherwise show only under each method. Built when help is asked for.
 */
function modeOptionsHelp(mode: Mode, helper: Help): string {
  const specs = COMMON_OPTIONS.filter((spec) => !spec.hidden && spec.modes?.includes(mode) && spec.modes.length < 4);
  const width = Math.max(...specs.map((spec) => spec.flags.length));
  const items = specs.map((spec) => {
    const extra = [spec.choices ? `choices: ${spec.choices.join(', ')}` : '', spec.default !== undefined ? `default: ${spec.default}` : ''].filter(Boolean);
    return helper.formatItem(spec.flags, width, extra.length ? `${spec.description} (${extra.join('; ')})` : spec.description, helper);
  });
  return `\nOptions of ${mode} with any method (see also: sts-creds ${mode} METHOD --help):\n${items.join('\n')}\n`;
}

/** One command per row of the method table under `parent`, in the given mode. */
function addMethods(parent: Command, mode: Mode, onInvoke: OnInvoke): void {
  // commander runs this before it parses the subcommand's part of the line (and before `help X`).
  parent.hook('preSubcommand', (_parent, sub) => ensureOptions(sub));
  for (const method of CREDENTIAL_METHODS) {
    const cmd = parent.command(method.name, mode !== 'output' && method.isDefault ? { isDefault: true } : {});
    for (const alias of method.aliases) cmd.alias(alias);
    cmd.description(method.aliases.length ? `${method.description} (also: ${method.aliases.join(', ')})` : method.description);
    addOptionsLater(cmd, () => {
      addOptions(cmd, method.options, mode);
      addOptions(cmd, COMMON_OPTIONS, mode);
    });
    if (mode === 'exec') {
      // Everything from the command on is the command's own, `--debug` and `-p` included.
      cmd.argument('[command...]', 'command to run with the credentials in its environment (default: $SHELL)').passThroughOptions();
    }
    cmd.action((...args: unknown[]) => {
      const options = normalise(cmd.opts<CredentialCliOptions>());
      // commander dispatches a named subcommand with its name first in the parent's arguments.
      const first = mode === 'output' ? method.name : cmd.parent?.args[0];
      const defaulted = first === undefined || ![method.name, ...method.aliases].includes(first) ? { defaulted: true } : {};
      onInvoke(
        mode === 'exec'
          ? { method: method.name, mode, options, command: (args[0] as string[] | undefined) ?? [], ...defaulted }
          : { method: method.name, mode, options, ...defaulted },
      );
    });
  }
}

const DEFAULT_METHOD = CREDENTIAL_METHODS.find((m) => m.isDefault)?.name ?? 'assume-role';

/**
 * The command line as commander should see it: for `exec`, the command (with its `--help`, `-V`,
 * `--debug`) is moved behind `--`, so none of it is taken for sts-creds' own; and whether it named the
 * default method because the user named none. Pure.
 */
export function execArgumentsOf(args: readonly string[]): { argv: string[]; defaulted: boolean } {
  if (args[0] !== 'exec') return { argv: [...args], defaulted: false };
  const { own, command } = splitExecArgs(args.slice(1), ARGV_GRAMMAR, METHOD_NAMES);
  if (command.length === 0) return { argv: ['exec', ...own], defaulted: false };
  // The method named outright: commander searches every argument for --help before it runs a default subcommand.
  const named = own[0] !== undefined && METHOD_NAMES.has(own[0]);
  return { argv: ['exec', ...(named ? [] : [DEFAULT_METHOD]), ...own, '--', ...command], defaulted: !named };
}

/**
 * Builds the commander program from the method table. Parsing records the {@link Invocation}
 * through `onInvoke`; running it is left to the caller, so the wiring can be tested on its own.
 */
export function buildProgram(io: Pick<CliIo, 'env' | 'stdout' | 'stderr'>, version: string, onInvoke: OnInvoke): Command {
  const width = helpWidth(io.env);
  const output = {
    getOutHelpWidth: () => width,
    getErrHelpWidth: () => width,
    // Help is plain text. Left to commander, these would build process.stdout and process.stderr to ask
    // whether they take colour: node:net and the stream machinery on a pipe, milliseconds of start-up.
    getOutHasColors: () => false,
    getErrHasColors: () => false,
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
      "`exec` exits with the command's own code (128+N when a signal N ended it,\n" +
      '127 not found, 126 not executable).\n\n' +
      'Examples:\n  sts-creds assume-role -u foobar -p foo12345\n' +
      '  creds=$(sts-creds env -u foobar --password-file ~/.minio-pw) && eval "$creds"\n' +
      '  sts-creds exec -u foobar --password-env MY_PW -- aws s3 ls\n' +
      '  sts-creds exec --server -u foobar --password-env MY_PW -- ./long-job.sh',
  );
  addMethods(program, 'output', onInvoke);

  const names = CREDENTIAL_METHODS.map((m) => m.name).join('|');
  const env = program
    .command('env')
    .description(
      'print shell lines that set AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_CREDENTIAL_EXPIRATION, ' +
        'AWS_ENDPOINT_URL, AWS_REGION, AWS_DEFAULT_REGION',
    )
    // `eval "$(sts-creds env)"` succeeds when sts-creds fails (eval of nothing); this form fails with it.
    .addHelpText(
      'after',
      `\nUse (fails when sts-creds fails):\n  creds=$(sts-creds env [method] [options]) && eval "$creds"\n` +
        `  fish: set creds (sts-creds env --shell fish [options])\n        and eval (string join \\n -- $creds)\n` +
        `Methods (assume-role when none is named):\n  ${names.split('|').join(', ')}`,
    );
  addMethods(env, 'env', onInvoke);
  env.addHelpText('after', () => modeOptionsHelp('env', env.createHelp()));

  const exec = program
    .command('exec')
    .description('run a command (default: $SHELL) with the credentials in its environment: sts-creds exec [method] [options] [--] [command [args...]]')
    .enablePositionalOptions();
  addMethods(exec, 'exec', onInvoke);
  exec.addHelpText('after', () => modeOptionsHelp('exec', exec.createHelp()));

  const doctor = program
    .command('doctor')
    .description('check the way to the STS endpoint: address, proxy, TCP, TLS chain, STS, clock skew, MinIO health; exit 0 when all pass');
  addOptions(doctor, DOCTOR_OPTIONS, 'doctor');
  doctor.action(() => onInvoke({ method: 'doctor', mode: 'doctor', options: normalise(doctor.opts<DoctorCliOptions>()) }));

  const keyring = program
    .command('keyring')
    .description('keep long-term secrets in the OS keyring (Secret Service, Keychain, Credential Manager) for --keyring NAME');
  const add = keyring
    .command('add')
    .argument('<name>', 'the entry name')
    .description('store an access key and secret key (or, with --kind, a password or token), asked for on the terminal');
  addOptions(add, KEYRING_ADD_OPTIONS, 'keyring');
  add.action((name: string) => onInvoke({ method: 'keyring', mode: 'keyring', action: 'add', name, options: add.opts<KeyringCliOptions>() }));
  const list = keyring.command('list').description('list the entries: name, kind, access key or user name (never a secret)');
  list.action(() => onInvoke({ method: 'keyring', mode: 'keyring', action: 'list', options: {} }));
  const remove = keyring.command('remove').argument('<name>', 'the entry name').description('delete an entry');
  remove.action((name: string) => onInvoke({ method: 'keyring', mode: 'keyring', action: 'remove', name, options: {} }));
  addCacheCommands(program, onInvoke);
  const login = program
    .command('login')
    .description('sign in with your OpenID provider (browser, or --device), so login profiles get credentials without a secret on disk');
  addOptions(login, LOGIN_OPTIONS, 'login');
  login.action(() => onInvoke({ method: 'login', mode: 'login', options: normalise(login.opts<LoginCliOptions>()) }));
  const logout = program.command('logout').description('forget a login and revoke its refresh token at the provider');
  addOptions(logout, LOGOUT_OPTIONS, 'login');
  logout.action(() => onInvoke({ method: 'logout', mode: 'login', options: logout.opts<LoginCliOptions>() }));
  const completion = program
    .command('completion')
    .description('print a completion script for the shell: eval "$(sts-creds completion bash)", source <(sts-creds completion zsh), sts-creds completion fish | source')
    .addArgument(new Argument('<shell>', 'bash, zsh or fish').choices([...COMPLETION_SHELLS]));
  const namesCommand = program
    .command('__complete', { hidden: true })
    .description('the names completion offers after --profile, --alias or --keyring')
    .addArgument(new Argument('<kind>').choices([...NAME_KINDS]));
  namesCommand.action((kind: NameKind) => onInvoke({ method: 'names', mode: 'names', kind, options: {} }));
  const all = (cmd: Command): Command[] => [cmd, ...cmd.commands.flatMap(all)];
  completion.action((shell: CompletionShell) => {
    for (const cmd of all(program)) ensureOptions(cmd);
    onInvoke({ method: 'completion', mode: 'completion', options: {}, script: renderCompletion(shell, program, ARGV_GRAMMAR.valueFlags) });
  });

  for (const cmd of all(program)) cmd.exitOverride().configureOutput(output).configureHelp(HELP_CONFIG);
  return program;
}

/** `sts-creds cache list|clear|run`. */
function addCacheCommands(program: Command, onInvoke: OnInvoke): void {
  const cache = program.command('cache').description('list or clear cached credentials, or cache the output of any credential_process command').enablePositionalOptions();
  const list = cache
    .command('list')
    .description('list the cached credentials: method, endpoint, user or role, expiry (never a secret)')
    .addOption(new Option('-o, --output <format>', 'output format').choices(['text', 'json']).default('text'));
  list.action(() => onInvoke({ method: 'cache', mode: 'cache', action: 'list', options: list.opts() }));
  const clear = cache
    .command('clear')
    .description('remove every cached entry, or (given a method, profile, alias or flags) the entry those settings would use')
    .addHelpText('after', '\nUsage: sts-creds cache clear [--all] | [method] [options]\nWith no method and no option, every entry is removed; nothing is sent to STS.');
  addMethods(clear, 'clear', onInvoke);
  const run = cache
    .command('run')
    .description('run a credential_process command and print its JSON, cached until its advisory refresh time: sts-creds cache run -- COMMAND [ARGS...]')
    .option('--refresh', 'ignore the cached entry: run the command and replace the entry')
    .argument('<command...>', 'the credential_process command and its arguments')
    .passThroughOptions();
  run.action((command: string[]) => onInvoke({ method: 'cache', mode: 'cache', action: 'run', options: run.opts(), command }));
}

