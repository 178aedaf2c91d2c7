/**
 * What the command line asked for, the run resolved from it and the run's outcome: the types the CLI's
 * parser, commands and renderers pass to each other. Types only.
 */
import type { Shell } from '../format/render-shell.js';
import type { NameKind } from './completion.js';
import type { LoginInvocation } from './login-options.js';
import type { ListedObject } from '../format/render-text.js';
import type { StsResult } from '../sts/registry.js';
import type { Endpoints } from './inputs/endpoints.js';
import type { NetworkSettings } from './inputs/network.js';
import type { Origin } from './inputs/settings.js';
import type { MethodRequest } from './method-request.js';
import type { CredentialCliOptions, DoctorCliOptions, KeyringCliOptions, Mode, OutputFormat } from './options.js';

/** What the command line asked for: a credential method in one of the modes, `doctor`, `keyring`, `cache` or `completion`. */
export type Invocation = CredentialInvocation | DoctorInvocation | KeyringInvocation | CompletionInvocation | CacheInvocation | NamesInvocation | LoginInvocation;

/** `sts-creds __complete profile|alias` (hidden): the names a completion script offers after `--profile`/`--alias`. */
export interface NamesInvocation {
  method: 'names';
  mode: 'names';
  kind: NameKind;
  options: { debug?: undefined };
}

/** `sts-creds cache list` and `cache run` (`cache clear` is a {@link CredentialInvocation} in mode `clear`). */
export interface CacheInvocation {
  method: 'cache';
  mode: 'cache';
  action: 'list' | 'run';
  options: { output?: 'text' | 'json' | undefined; refresh?: boolean | undefined; debug?: undefined };
  /** `run`: the credential command and its arguments. */
  command?: string[];
}

/** `sts-creds completion <shell>`: the script is made while the program is at hand. */
export interface CompletionInvocation {
  method: 'completion';
  mode: 'completion';
  options: { debug?: undefined };
  /** The completion script to print. */
  script: string;
}

/** A credential method to run (a row of the method table, methods.ts). */
export interface CredentialInvocation {
  /** The method's name (aliases are resolved to it). */
  method: string;
  mode: Mode;
  options: CredentialCliOptions;
  /** `exec` only: the command to run and its arguments; empty for the user's shell. */
  command?: string[];
  /** True when `env` or `exec` ran its default method because none was named (a profile's `sts_creds_method` may choose another). */
  defaulted?: boolean;
}

/** `sts-creds doctor`. */
export interface DoctorInvocation {
  method: 'doctor';
  mode: 'doctor';
  options: DoctorCliOptions;
}

/** `sts-creds keyring add|list|remove`. */
export interface KeyringInvocation {
  method: 'keyring';
  mode: 'keyring';
  action: 'add' | 'list' | 'remove';
  /** The entry's name (add, remove). */
  name?: string | undefined;
  options: KeyringCliOptions;
}

/** Everything a credential command needs, resolved from its options and the environment in one pass. */
export interface CredentialRun {
  /** The method's request (its secrets, parameters and files already read). */
  request: MethodRequest;
  network: NetworkSettings;
  /** The STS endpoint (also in {@link CredentialRun.network}) and the S3 endpoint the hand-offs point at, each with where it was written. */
  endpoints: Endpoints;
  /** The credential cache directory; undefined when the cache is off. */
  cacheDir: string | undefined;
  /** `--refresh`: the cached entry is replaced, never read. */
  refresh: boolean;
  /** `-b`: list this bucket with the new credentials. */
  bucket: string | undefined;
  output: OutputSettings;
  /** Variables named by `--password-env`/`--token-env`/`--passphrase-env`: long-term secrets `exec` keeps from the child. */
  secretVariables: string[];
  /** Where the value of a library field (`durationSeconds`) came from, for {@link atOrigin}. */
  originOf: (field: string) => Origin | undefined;
  /** `exec --server`: renew the served credentials when less than this is left, and where that was said; undefined without `--server`. */
  serverRefreshBefore: { ms: number; origin: Origin } | undefined;
}

/** How the outcome is written: `-o` (or `env` mode), and the settings of the formats that take any. */
export interface OutputSettings {
  format: OutputFormat;
  shell: Shell;
  /** `-o ini`'s section name (`--ini-section`). */
  iniSection: string;
  /** `-o mc`'s alias name (`--mc-name`). */
  mcName: string;
  /** A line printed before the text output (`-d`). */
  header: string | undefined;
  /** `env`, `-o env` and `exec` set `AWS_ENDPOINT_URL` (off with `--no-export-endpoint`). */
  exportEndpoint: boolean;
  /** `--mc-alias`: `env` and `exec` also set `MC_HOST_<alias>`. */
  mcAlias: string | undefined;
}

/** What a credential command produced. */
export interface CredentialOutcome {
  result: StsResult;
  /** The STS endpoint the credentials came from. */
  endpoint: URL;
  /** The S3 endpoint they are for: what `env`, `exec`, `-o mc` and `-b` point at; undefined when none is known. */
  s3Endpoint: URL | undefined;
  /** The region the STS call was signed for (`AWS_REGION` of `env` and `exec`). */
  region: string;
  /** True when the credentials came from the on-disk cache. */
  fromCache: boolean;
  /** Set when `--bucket` asked for a listing with the new credentials. */
  listing?: { bucket: string; objects: ListedObject[]; cut: string | undefined } | undefined;
}
