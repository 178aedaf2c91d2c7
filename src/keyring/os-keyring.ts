/**
 * The operating system's keyring (Secret Service on Linux, Keychain on macOS, Credential Manager on
 * Windows): the only module that knows the `@napi-rs/keyring` package.
 *
 * Every operation runs in a short-lived child Node process that loads the package, because a native
 * keyring call cannot be bounded in-process: measured against gnome-keyring stopped with SIGSTOP,
 * `findCredentialsAsync` never returns and ignores its AbortSignal, the synchronous entry constructor
 * blocks the event loop for about 2 s, and a call still pending in libuv's thread pool makes even
 * `process.exit()` wait for it. A child process is killed when its time is up, so the caller gets a
 * {@link KeyringError} and can exit; and no importer or CLI run that never touches the keyring loads
 * the native module (this process never loads it at all). Cost: one Node start-up (~50 ms) per operation.
 *
 * Secrets go to and from the child on its stdin and stdout, never in its arguments or environment.
 * On Linux every entry is pinned to the Secret Service: the package would otherwise fall back quietly to
 * the kernel keyring, which loses everything at reboot; its absence is reported instead.
 */
import { fileURLToPath } from 'node:url';
import { escapeControl } from '../text/server-text.js';
import { KeyringError, type KeyringFailure } from './keyring-error.js';
import type { KeyringChildReply, KeyringChildRequest } from './keyring-child.js';
import { KEYRING_SERVICE } from './keyring-secret.js';

/** The package that talks to the OS keyring; an optional dependency. */
const PACKAGE = '@napi-rs/keyring';

/** Default time allowed for one keyring operation, child start-up included, in milliseconds. */
export const KEYRING_TIMEOUT_MS = 3000;

/** Longest reply read from the child, in bytes (a `list` of many entries stays far below it). */
const REPLY_LIMIT = 1024 * 1024;

/** How to reach the OS keyring. */
export interface OsKeyringOptions {
  /**
   * The environment of the keyring process: on Linux it needs `DBUS_SESSION_BUS_ADDRESS`.
   * @defaultValue the environment of this process
   */
  env?: Record<string, string | undefined> | undefined;
  /**
   * Time allowed for each operation, in milliseconds; a keyring that has not answered by then is
   * reported as not answering (a locked keyring whose unlock prompt is still open counts too).
   * @defaultValue 3000
   */
  timeoutMs?: number | undefined;
  /**
   * The Node.js binary that runs the keyring process.
   * @defaultValue the binary running this process (`process.execPath`)
   */
  nodePath?: string | undefined;
}

/** One entry as `list` returns it: the account (the entry name) and the stored text. */
export interface OsKeyringItem {
  account: string;
  value: string;
}

/** The operations sts-creds needs, on entries of one service. Every one may throw {@link KeyringError}. */
export interface OsKeyring {
  /** The stored text, or undefined when there is no such entry. */
  get(account: string): Promise<string | undefined>;
  /** Stores (or replaces) the entry. */
  set(account: string, value: string): Promise<void>;
  /** Deletes the entry; false when there was none. */
  remove(account: string): Promise<boolean>;
  /** Every entry of the service. */
  list(): Promise<OsKeyringItem[]>;
}

/** A request without what {@link runInChild} adds (the package's path and the service). */
type Request = DistributiveOmit<KeyringChildRequest, 'module' | 'service'>;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/**
 * The keyring process's program (keyring-child.ts), built beside the code that runs this module: dist/
 * for the library bundle (dist/index.js), dist/cli/ for the CLI bundle. Run from the TypeScript sources
 * (the project's own tests), there is no JavaScript beside this file, and the library build's copy is used.
 */
function childProgram(): string {
  const fromSources = import.meta.url.endsWith('.ts');
  return fileURLToPath(new URL(fromSources ? '../../dist/keyring-child.js' : './keyring-child.js', import.meta.url));
}

const HEADLESS_HINT = 'see "Headless sessions" in docs/keyring.md';

/**
 * The {@link KeyringError} for a failure message of the keyring package (or of loading it). Pure; the
 * messages matched are the package's own, measured on Linux, macOS's and Windows' being passed on.
 */
export function classifyKeyringFailure(message: string): KeyringError {
  const fail = (reason: KeyringFailure, text: string): KeyringError => new KeyringError(text, { reason });
  if (/Cannot find (?:module|native binding)|Failed to load native binding|MODULE_NOT_FOUND/i.test(message)) {
    return fail('not-installed', `the OS keyring needs the optional package ${PACKAGE} (with its build for this platform): npm install ${PACKAGE}`);
  }
  if (/DBUS_SESSION_BUS_ADDRESS|autolaunch|Failed to connect to socket|No such file or directory|Connection refused/i.test(message)) {
    return fail('unavailable', `no OS keyring: no D-Bus session bus to reach the Secret Service (DBUS_SESSION_BUS_ADDRESS is unset or dead); log in to a desktop session, or ${HEADLESS_HINT}`);
  }
  if (/org\.freedesktop\.secrets|ServiceUnknown|not provided by any \.service files|NameHasNoOwner|no secret service/i.test(message)) {
    return fail('unavailable', `no OS keyring: no Secret Service (gnome-keyring, KWallet) is running on the D-Bus session bus; start one, or ${HEADLESS_HINT}`);
  }
  if (/Did not receive a reply|timed? ?out|NoReply/i.test(message)) {
    return fail('timeout', 'the OS keyring did not answer: the Secret Service on the D-Bus session bus is frozen or busy; restart it (gnome-keyring-daemon --replace) and retry');
  }
  if (/locked|unlock|prompt was dismissed|dismissed/i.test(message)) {
    return fail('locked', `the OS keyring is locked: unlock it (log in to the desktop, or start gnome-keyring-daemon with --unlock) and retry; ${HEADLESS_HINT}`);
  }
  return fail('failed', `the OS keyring failed: ${escapeControl(message.replace(/\s*\n\s*/g, ' ').trim()).slice(0, 300)}`);
}

/** The path the child loads the package from: resolved here, so a missing package fails before a child starts. */
async function packagePath(): Promise<string> {
  // node:module and node:child_process are loaded on the first keyring operation, not with the library.
  const { createRequire } = await import('node:module');
  try {
    return createRequire(import.meta.url).resolve(PACKAGE);
  } catch (error) {
    throw classifyKeyringFailure(`Cannot find module ${PACKAGE}: ${(error as Error).message}`);
  }
}

/** Runs one request in a child process; resolves with the reply's value. */
async function runInChild(request: Request, options: OsKeyringOptions): Promise<unknown> {
  const timeoutMs = options.timeoutMs ?? KEYRING_TIMEOUT_MS;
  const module = await packagePath();
  const { spawn } = await import('node:child_process');
  return new Promise((resolve, reject) => {
    const child = spawn(options.nodePath ?? process.execPath, [childProgram()], {
      stdio: ['pipe', 'pipe', 'pipe'],
      windowsHide: true,
      ...(options.env ? { env: options.env } : {}),
    });
    let out = '';
    let err = '';
    let settled = false;
    const settle = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
    };
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      settle(() =>
        reject(
          new KeyringError(
            `the OS keyring did not answer within ${timeoutMs / 1000} s: the Secret Service on the D-Bus session bus is frozen, or waits for an unlock prompt; unlock or restart it (gnome-keyring-daemon --replace) and retry`,
            { reason: 'timeout' },
          ),
        ),
      );
    }, timeoutMs);
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      if (out.length < REPLY_LIMIT) out += chunk;
    });
    child.stderr.on('data', (chunk: string) => {
      if (err.length < 4096) err += chunk;
    });
    child.on('error', (error) => settle(() => reject(new KeyringError(`cannot start the keyring process: ${error.message}`, { reason: 'failed', cause: error }))));
    child.on('close', () => {
      settle(() => {
        const line = out.split('\n', 1)[0] ?? '';
        let reply: Partial<KeyringChildReply> | undefined;
        try {
          reply = JSON.parse(line) as Partial<KeyringChildReply>;
        } catch {
          reply = undefined;
        }
        if (reply?.ok === true) resolve(reply.value);
        else reject(classifyKeyringFailure(reply?.ok === false && typeof reply.message === 'string' ? reply.message : err || 'the keyring process ended without an answer'));
      });
    });
    child.stdin.on('error', () => undefined); // a child that dies early closes its stdin
    child.stdin.end(JSON.stringify({ ...request, module, service: KEYRING_SERVICE } satisfies KeyringChildRequest));
  });
}

/**
 * The OS keyring's entries under the service {@link KEYRING_SERVICE} (`sts-creds`).
 *
 * @example
 * ```ts
 * const keyring = osKeyring({ timeoutMs: 3000 });
 * await keyring.set('minio', '{"kind":"token","secret":"..."}');
 * ```
 */
export function osKeyring(options: OsKeyringOptions = {}): OsKeyring {
  return {
    async get(account) {
      const value = await runInChild({ op: 'get', account }, options);
      return typeof value === 'string' ? value : undefined;
    },
    async set(account, value) {
      await runInChild({ op: 'set', account, value }, options);
    },
    async remove(account) {
      return (await runInChild({ op: 'remove', account }, options)) === true;
    },
    async list() {
      const value = await runInChild({ op: 'list', account: '' }, options);
      if (!Array.isArray(value)) return [];
      return value.flatMap((item: unknown) => {
        const { account, password } = (item ?? {}) as { account?: unknown; password?: unknown };
        return typeof account === 'string' && typeof password === 'string' ? [{ account, value: password }] : [];
      });
    },
  };
}
