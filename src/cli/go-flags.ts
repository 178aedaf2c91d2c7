/**
 * MinIO's Go samples (assume-role.go, custom-token-identity.go) take flags Go's way: a single dash
 * for long names (`-sts-ep URL`) and `=` after short ones (`-u=foobar`, `-sts-ep=URL`). commander
 * reads those as clusters of short flags (`-s ts-ep`), so the samples' own flags, and only those,
 * are rewritten to their commander form before parsing.
 */

import type { ArgvGrammar } from './options.js';

/**
 * The arguments with the samples' Go-style flags in commander's form: `-sts-ep X` and `-sts-ep=X`
 * become `--sts-ep X`, `-u=X` becomes `-u X`, `-d=true` `-d` (and `-d=false` nothing). Stops at
 * `--` and at the first word that is not a command (exec's command and its arguments are its own);
 * never touches the value of a flag that takes one. Pure.
 * @param grammar - the command line's grammar, from the option table: which flags are the samples' (`goStyle`),
 *   which take a value, which words are commands
 */
export function rewriteGoFlags(args: readonly string[], grammar: Pick<ArgvGrammar, 'takesValue' | 'isCommand' | 'goStyle'>): string[] {
  const { takesValue } = grammar;
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--' || (!arg.startsWith('-') && !grammar.isCommand(arg))) {
      out.push(...args.slice(i));
      break;
    }
    const go = /^-([a-z][a-z-]*)(?:=(.*))?$/s.exec(arg);
    const name = go?.[1];
    const value = go?.[2];
    const kind = name === undefined ? undefined : grammar.goStyle(name);
    if (name !== undefined && kind === 'value' && (name.length > 1 || value !== undefined)) {
      const flag = name.length > 1 ? `--${name}` : `-${name}`;
      if (value !== undefined) {
        out.push(flag, value);
        continue;
      }
      out.push(flag);
    } else if (name !== undefined && kind === 'boolean' && value !== undefined) {
      if (!/^(?:false|0|f|F|FALSE|False)$/.test(value)) out.push(`-${name}`);
      continue;
    } else out.push(arg);
    // The next argument is this flag's value, whatever it looks like (`-p -u=x` is a password).
    const written = out.at(-1)!;
    if (written.startsWith('-') && !written.includes('=') && takesValue(written) && i + 1 < args.length) out.push(args[++i]!);
  }
  return out;
}
