/**
 * Secrets given on the command line. Anything in argv can be read by other local users and
 * processes (`ps`, `/proc/<pid>/cmdline`) and often ends up in shell history, so the CLI warns once
 * per kind, and registers the values with the run's redactor before anything is parsed, so that not
 * even a parser error can echo one.
 */

import type { ArgvGrammar, SecretOption } from './options.js';

/** Option names that look secret even when the option itself is unknown (a typo like `--pasword=...`). */
const SECRET_LOOKING = /^--?([\w-]*(?:pas|pw|secret|token|key|cred)[\w-]*)=(.+)$/is;
/**
 * ...but whose value only names where a secret is (`--password-env=NAME`, `--key=FILE`: the path of
 * a certificate's key) or is not one at all.
 */
const NOT_A_SECRET = /(?:-env|-file|-stdin|^transitive-tag-key|^token-code|^key)$/i;

/**
 * What argv holds: the secret values, and one warning per kind of secret given there. The options that carry
 * secrets, and the short flags that take a value, come from the option table (`grammar`). Pure.
 */
export function argvSecrets(args: readonly string[], grammar: Pick<ArgvGrammar, 'secrets' | 'shortTakesValue'>): { values: string[]; warnings: string[] } {
  const values: string[] = [];
  const kinds = new Set<SecretOption>();
  const found = (flag: SecretOption, value: string | undefined): void => {
    if (value !== undefined) values.push(value);
    kinds.add(flag);
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') break; // what follows belongs to the command `exec` runs
    if (/^-[^-]/.test(arg)) {
      // A cluster of short flags: booleans, then at most one flag that takes the rest (or the next argument) as its value.
      for (let at = 1; at < arg.length; at++) {
        const letter = arg[at]!;
        if (!grammar.shortTakesValue(letter)) continue;
        const rest = arg.slice(at + 1);
        const value = rest === '' ? args[++i] : rest;
        const flag = grammar.secrets.find((f) => f.short === `-${letter}`);
        if (flag) found(flag, value);
        break;
      }
    } else {
      for (const flag of grammar.secrets) {
        if (arg === flag.long) found(flag, args[++i]);
        else if (arg.startsWith(`${flag.long}=`)) found(flag, arg.slice(flag.long.length + 1));
      }
    }
    const looksSecret = SECRET_LOOKING.exec(arg);
    if (looksSecret?.[2] && !NOT_A_SECRET.test(looksSecret[1]!)) values.push(looksSecret[2]);
  }
  const warnings = [...kinds].map(
    (flag) =>
      `${flag.what} on the command line (${flag.short ? `${flag.short}/` : ''}${flag.long}) can be seen by other users and ` +
      `processes on this machine and may be kept in your shell history; use ${flag.instead} instead`,
  );
  return { values: [...new Set(values)], warnings };
}
