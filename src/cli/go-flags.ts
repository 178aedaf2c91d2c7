/**
 * MinIO's Go samples (assume-role.go, custom-token-identity.go) take flags Go's way: a single dash
 * for long names (`-sts-ep URL`) and `=` after short ones (`-u=foobar`, `-sts-ep=URL`). commander
 * reads those as clusters of short flags (`-s ts-ep`), so the samples' own flags, and only those,
 * are rewritten to their commander form before parsing.
 */

/** The samples' flags that take a value. */
const SAMPLE_VALUE_FLAGS = new Set(['sts-ep', 'u', 'p', 'e', 'b', 's', 't', 'r']);
/** The samples' boolean flags. */
const SAMPLE_BOOLEAN_FLAGS = new Set(['d']);

/**
 * The arguments with the samples' Go-style flags in commander's form: `-sts-ep X` and `-sts-ep=X`
 * become `--sts-ep X`, `-u=X` becomes `-u X`, `-d=true` `-d` (and `-d=false` nothing). Stops at
 * `--` and at the first word that is not a command (exec's command and its arguments are its own);
 * never touches the value of a flag that takes one. Pure.
 * @param grammar.takesValue - whether a flag as written (`-p`, `--password`, `-dp`) takes the next argument as its value
 * @param grammar.isCommand - whether a word names a command (`env`, `assume-role`)
 */
export function rewriteGoFlags(args: readonly string[], grammar: { takesValue(flag: string): boolean; isCommand(word: string): boolean }): string[] {
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
    if (name !== undefined && SAMPLE_VALUE_FLAGS.has(name) && (name.length > 1 || value !== undefined)) {
      const flag = name.length > 1 ? `--${name}` : `-${name}`;
      if (value !== undefined) {
        out.push(flag, value);
        continue;
      }
      out.push(flag);
    } else if (name !== undefined && SAMPLE_BOOLEAN_FLAGS.has(name) && value !== undefined) {
      if (!/^(?:false|0|f|F|FALSE|False)$/.test(value)) out.push(`-${name}`);
      continue;
    } else out.push(arg);
    // The next argument is this flag's value, whatever it looks like (`-p -u=x` is a password).
    const written = out.at(-1)!;
    if (written.startsWith('-') && !written.includes('=') && takesValue(written) && i + 1 < args.length) out.push(args[++i]!);
  }
  return out;
}
