/**
 * Where `exec`'s own arguments end and its command begins. commander alone cannot say: it looks for
 * `--help` and `-V` among every argument of a command with a default subcommand, so
 * `exec aws s3 ls --help` printed sts-creds' help. The split is made here, from the option table,
 * before commander sees the line; everything from the command on is handed to it behind `--`.
 */
import type { ArgvGrammar } from './options.js';

/** What {@link splitExecArgs} found. */
export interface ExecSplit {
  /** sts-creds' own arguments: the method name and its options. */
  own: string[];
  /** The command and its arguments; empty when none was given. */
  command: string[];
}

/**
 * Splits the arguments after `exec`: the first positional argument (other than a method name in first
 * place), or whatever follows `--`, starts the command. Options before it are sts-creds' own;
 * an option's value (`-u NAME`, `--endpoint URL`) is never taken for the command. Pure.
 * @param args - the arguments after `exec`
 * @param grammar - which flags take a value, from the option table
 * @param methods - the method names and aliases
 */
export function splitExecArgs(args: readonly string[], grammar: Pick<ArgvGrammar, 'takesValue' | 'shortTakesValue'>, methods: ReadonlySet<string>): ExecSplit {
  const own: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') return { own, command: args.slice(i + 1) };
    if (arg.startsWith('--') && arg.length > 2) {
      own.push(arg);
      if (!arg.includes('=') && grammar.takesValue(arg) && i + 1 < args.length) own.push(args[++i]!);
      continue;
    }
    if (arg.startsWith('-') && arg.length > 1) {
      own.push(arg);
      // Combined short flags (`-du NAME`, `-uNAME`): the first one that takes a value takes the rest, or the next argument.
      for (let j = 1; j < arg.length; j++) {
        if (!grammar.shortTakesValue(arg[j]!)) continue;
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
