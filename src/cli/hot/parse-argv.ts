/**
 * The credential hot path's reading of the command line: `sts-creds METHOD [options]` as commander's
 * program (src/cli/program.ts) reads it, driven by the same option table, for the plain forms a tool's
 * `credential_process` line uses. Anything it is not sure of (help, `-V`, an unknown or misspelt flag,
 * a value that looks like a flag, `--`, an argument that is no option, a value outside its choices) is
 * left to commander: the answer is then `undefined`, and the whole CLI runs as it would without this.
 * test/unit/hot-parse-argv.test.ts holds both parsers to the same result over the option table.
 */
import type { CredentialInvocation } from '../invocation.js';
import { CREDENTIAL_METHODS, type CredentialMethod } from '../methods.js';
import { collect, normalise } from '../option-values.js';
import { COMMON_OPTIONS, optionNames, type CredentialCliOptions, type Mode, type OptionSpec } from '../options.js';

/** One option as commander holds it: the key of its value, and how it takes one. */
interface ParsedSpec {
  /** commander's `attributeName()`: the long name without `--` (and `no-`), in camel case. */
  key: string;
  takesValue: boolean;
  /** `--no-x`: sets `x` to false. */
  negate: boolean;
  repeatable: boolean;
  choices: readonly string[] | undefined;
}

/** commander's attribute name of a long flag: `--role-arn` → `roleArn`, `--no-cache` → `cache`. Pure. */
export function attributeName(long: string): string {
  const words = long.replace(/^--/, '').replace(/^no-/, '').split('-');
  return words.reduce((name, word) => name + word[0]!.toUpperCase() + word.slice(1));
}

/** A command's options by flag (short and long), and the values commander starts them with. */
interface Grammar {
  byFlag: Map<string, ParsedSpec>;
  defaults: Record<string, unknown>;
}

/** The options `method` takes in `mode`, as program.ts adds them to commander (same order, same defaults). Pure. */
function grammarOf(method: CredentialMethod, mode: Mode): Grammar {
  const specs: OptionSpec[] = [...method.options, ...COMMON_OPTIONS].filter((spec) => !spec.modes || spec.modes.includes(mode));
  const byFlag = new Map<string, ParsedSpec>();
  const defaults: Record<string, unknown> = {};
  for (const spec of specs) {
    const { short, long, takesValue } = optionNames(spec);
    if (long === undefined) throw new Error(`option table: ${spec.flags} has no long name`);
    const parsed: ParsedSpec = { key: attributeName(long), takesValue, negate: long.startsWith('--no-'), repeatable: spec.repeatable === true, choices: spec.choices };
    // commander: a lone `--no-x` starts `x` at true; after `--x` it leaves `x` unset.
    if (parsed.negate && !byFlag.has(long.replace(/^--no-/, '--'))) defaults[parsed.key] = spec.default ?? true;
    else if (!parsed.negate && spec.default !== undefined) defaults[parsed.key] = spec.default;
    // commander finds the first option with a flag: a later duplicate never matches.
    for (const flag of [short, long]) if (flag !== undefined && !byFlag.has(flag)) byFlag.set(flag, parsed);
  }
  return { byFlag, defaults };
}

/** Grammars are built on first use, per method: a run needs one. */
const grammars = new Map<string, Grammar>();

/** Flags of the program itself, which commander takes wherever they stand (`-V`, `-h`, and clusters starting with them). */
const PROGRAM_FLAG = /^(?:-[hV]|--help$|--version$)/;

/**
 * `args` (after the Go-style rewriting) as commander's program would hand them to a plain credential
 * command (`sts-creds METHOD ...`, mode `output`), or `undefined` when this reading is not sure to be
 * commander's. Pure.
 */
export function parseCredentialArgv(args: readonly string[]): CredentialInvocation | undefined {
  const word = args[0];
  const method = CREDENTIAL_METHODS.find((m) => m.name === word || m.aliases.includes(word ?? ''));
  if (!method) return undefined;
  let grammar = grammars.get(method.name);
  if (!grammar) grammars.set(method.name, (grammar = grammarOf(method, 'output')));
  const values: Record<string, unknown> = { ...grammar.defaults };
  const set = (spec: ParsedSpec, value: string | undefined): boolean => {
    if (value === undefined) {
      values[spec.key] = !spec.negate;
      return true;
    }
    if (spec.choices && !spec.choices.includes(value)) return false;
    values[spec.key] = spec.repeatable ? collect(value, values[spec.key] as string[] | undefined) : value;
    return true;
  };
  for (let i = 1; i < args.length; i++) {
    const arg = args[i]!;
    if (PROGRAM_FLAG.test(arg) || !arg.startsWith('-') || arg === '-' || arg === '--') return undefined;
    const exact = grammar.byFlag.get(arg);
    if (exact) {
      if (!exact.takesValue) {
        set(exact, undefined);
        continue;
      }
      // A next argument that looks like a flag is commander's value too, unless its program-level scan takes
      // it first (`-u -V`): left to commander.
      const value = args[++i];
      if (value === undefined || value.startsWith('-') || !set(exact, value)) return undefined;
      continue;
    }
    if (arg.startsWith('--')) {
      // `--name=value`, for an option that takes one.
      const at = arg.indexOf('=');
      const spec = at > 2 ? grammar.byFlag.get(arg.slice(0, at)) : undefined;
      if (!spec?.takesValue || !set(spec, arg.slice(at + 1))) return undefined;
      continue;
    }
    // A cluster of short flags (`-dq`), or a short flag with its value attached (`-ojson`); a flag that
    // takes a value and ends the cluster (`-do json`) takes the next argument.
    for (let at = 1; at < arg.length; at++) {
      const spec = grammar.byFlag.get(`-${arg[at]}`);
      if (!spec) return undefined;
      if (!spec.takesValue) {
        set(spec, undefined);
        continue;
      }
      const value = at + 1 < arg.length ? arg.slice(at + 1) : args[++i];
      if (value === undefined || (at + 1 === arg.length && value.startsWith('-')) || !set(spec, value)) return undefined;
      break;
    }
  }
  return { method: method.name, mode: 'output', options: normalise(values as CredentialCliOptions) };
}
