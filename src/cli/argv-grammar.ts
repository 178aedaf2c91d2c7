/**
 * The grammar of sts-creds' own command line, derived from the option table (every method's options, the
 * common ones, doctor's and keyring's) and the command words: what the scanners that run before commander use.
 */
import { CREDENTIAL_METHODS } from './methods.js';
import { COMMON_OPTIONS, DOCTOR_OPTIONS, KEYRING_ADD_OPTIONS, argvGrammar, type ArgvGrammar } from './options.js';

/** The method names and their aliases. */
export const METHOD_NAMES: ReadonlySet<string> = new Set(CREDENTIAL_METHODS.flatMap((m) => [m.name, ...m.aliases]));

/** sts-creds' command line: every option of every command, and every command word. */
export const ARGV_GRAMMAR: ArgvGrammar = argvGrammar(
  [...CREDENTIAL_METHODS.flatMap((m) => m.options), ...COMMON_OPTIONS, ...DOCTOR_OPTIONS, ...KEYRING_ADD_OPTIONS],
  [...METHOD_NAMES, 'env', 'exec', 'doctor', 'completion', 'help'],
);
