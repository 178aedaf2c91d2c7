/**
 * Where `exec`'s own arguments end and its command begins. commander alone cannot say: it looks for
 * `--help` and `-V` among every argument of a command with a default subcommand, so
 * `exec aws s3 ls --help` printed sts-creds' help. The split is made here, from the option table,
 * before commander sees the line; everything from the command on is handed to it behind `--`.
 */
import type { OptionSpec } from './options.js';

/** What {@link splitExecArgs} found. */
export interface ExecSplit {
  /** sts-creds' own arguments: the method name and its options. */
  own: string[];
  /** The command and its arguments; empty when none was given. */
  command: string[];
}

/** The short and long flags of the options that take a value (`-u, --user <user>`). */
function valueFlags(specs: readonly OptionSpec[]): { short: Set<string>; long: Set<string> } {
  const short = new Set<string>();
  const long = new Set<string>();
  for (const spec of specs) {
    if (!/[<[]/.test(spec.flags)) continue;
    for (const flag of spec.flags.split(/[ ,|]+/)) {
      if (/^-[^-]$/.test(flag)) short.add(flag[1]!);
      else if (flag.startsWith('--')) long.add(flag);
    }
  }
  return { short, long };
}

/**
 * Splits the arguments after `exec`: the first positional argument (other than a method name in first
 * place), or whatever follows `--`, starts the command. Options before it are sts-creds' own;
 * an option's value (`-u NAME`, `--endpoint URL`) is never taken for the command. Pure.
 * @param args - the arguments after `exec`
 * @param specs - every option a credential method takes
 * @param methods - the method names and aliases
 */
export function splitExecArgs(args: readonly string[], specs: readonly OptionSpec[], methods: ReadonlySet<string>): ExecSplit {
  const { short, long } = valueFlags(specs);
  const own: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') return { own, command: args.slice(i + 1) };
    if (arg.startsWith('--') && arg.length > 2) {
      own.push(arg);
      if (!arg.includes('=') && long.has(arg) && i + 1 < args.length) own.push(args[++i]!);
      continue;
    }
    if (arg.startsWith('-') && arg.length > 1) {
      own.push(arg);
      // Combined short flags (`-du NAME`, `-uNAME`): the first one that takes a value takes the rest, or the next argument.
      for (let j = 1; j < arg.length; j++) {
        if (!short.has(arg[j]!)) continue;
        if (j === arg.length - 1 && i + 1 < args.length) own.push(args[++i]!);
        break;
      }
      continue;
    }
    // A method name counts only first, where commander looks for a subcommand.
    if (i === 0 && methods.has(arg)) {
      own.push(arg);
      continue;
    }
    return { own, command: args.slice(i) };
  }
  return { own, command: [] };
}
