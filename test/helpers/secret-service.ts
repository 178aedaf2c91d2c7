/**
 * A real, private Secret Service for the keyring tests: a D-Bus session bus of our own
 * (`dbus-daemon --nofork --print-address=1`) and `gnome-keyring-daemon --foreground --unlock
 * --components=secrets` on it, its login keyring unlocked with a test password read on stdin and kept
 * in a throwaway home. The Debian packages come from scripts/install-system-deps.sh (gnome-keyring,
 * dbus-x11 for dbus-daemon, libsecret-tools for `secret-tool`).
 *
 * The bus's configuration lists no service directories, so D-Bus can never start a second
 * gnome-keyring-daemon by itself (one with a locked keyring) when a client calls before ours has
 * claimed `org.freedesktop.secrets`; and we still wait until the bus reports an owner for that name.
 * The same configuration without the daemon is "a bus without the Secret Service".
 *
 * @example
 * ```ts
 * const secrets = useSecretService();
 * it('stores', async () => {
 *   const run = await runCli(['keyring', 'list'], { env: secrets().env });
 * });
 * ```
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { cliEnv, runProgram } from './cli.js';
import { assertIntegrationProject } from './minio-context.js';

/** A private D-Bus session bus, with or without the Secret Service on it. */
export interface PrivateBus {
  /** `DBUS_SESSION_BUS_ADDRESS` of the bus. */
  address: string;
  /** The variables to add to a run's environment (runCli's `env`). */
  env: { DBUS_SESSION_BUS_ADDRESS: string };
  /** gnome-keyring-daemon's pid (undefined on a bare bus). */
  daemonPid: number | undefined;
  /** Stops the keyring daemon from answering (SIGSTOP), as a frozen daemon would. */
  freeze(): void;
  /** Lets it answer again (SIGCONT). */
  thaw(): void;
  /** Locks the login keyring (Secret Service `Lock`), as a screen lock or a timeout would. */
  lock(): Promise<void>;
  /** Stops the daemon and the bus and removes their directory. */
  stop(): Promise<void>;
}

/** The password of the test login keyring. */
const KEYRING_PASSWORD = 'sts-creds-test-keyring';

function busConfig(dir: string): string {
  return `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN" "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:dir=${dir}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default"><allow send_destination="*" eavesdrop="true"/><allow eavesdrop="true"/><allow own="*"/></policy>
</busconfig>
`;
}

/** The first line a child prints on stdout (dbus-daemon's address), or a failure after `timeoutMs`. */
function firstLine(child: ChildProcess, what: string, timeoutMs = 10_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`${what} printed no address within ${timeoutMs} ms: ${err}`)), timeoutMs);
    child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const newline = out.indexOf('\n');
      if (newline >= 0) {
        clearTimeout(timer);
        resolve(out.slice(0, newline).trim());
      }
    });
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`${what} did not start (is it installed? run scripts/install-system-deps.sh): ${error.message}`));
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited with ${code}: ${err}`));
    });
  });
}

/** True once the bus reports an owner for `org.freedesktop.secrets`. */
async function secretsOwned(address: string, home: string): Promise<boolean> {
  const run = await runProgram(
    'dbus-send',
    ['--session', '--print-reply', '--dest=org.freedesktop.DBus', '/org/freedesktop/DBus', 'org.freedesktop.DBus.NameHasOwner', 'string:org.freedesktop.secrets'],
    { env: cliEnv(home, { DBUS_SESSION_BUS_ADDRESS: address }) },
  );
  return /boolean true/.test(run.stdout);
}

function stopChild(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGCONT');
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 3000).unref();
  });
}

/**
 * Starts a private bus and, unless `withService` is false, an unlocked gnome-keyring-daemon on it;
 * resolves once `org.freedesktop.secrets` has an owner.
 */
export async function startSecretService(withService = true): Promise<PrivateBus> {
  const dir = mkdtempSync(join(tmpdir(), 'sts-creds-dbus-'));
  const home = join(dir, 'home');
  const runtime = join(dir, 'run');
  mkdirSync(home, { mode: 0o700 });
  mkdirSync(runtime, { mode: 0o700 });
  writeFileSync(join(dir, 'bus.conf'), busConfig(dir));
  const bus = spawn('dbus-daemon', [`--config-file=${join(dir, 'bus.conf')}`, '--nofork', '--print-address=1'], {
    env: cliEnv(home),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let daemon: ChildProcess | undefined;
  const stop = async (): Promise<void> => {
    await stopChild(daemon);
    await stopChild(bus);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const address = await firstLine(bus, 'dbus-daemon');
    if (withService) {
      daemon = spawn('gnome-keyring-daemon', ['--foreground', '--unlock', '--components=secrets'], {
        env: cliEnv(home, { DBUS_SESSION_BUS_ADDRESS: address, XDG_DATA_HOME: join(home, '.local', 'share'), XDG_RUNTIME_DIR: runtime }),
        stdio: ['pipe', 'ignore', 'pipe'],
      });
      const started = daemon;
      let daemonError = '';
      started.stderr?.on('data', (chunk: Buffer) => (daemonError += chunk.toString()));
      const failedToStart = new Promise<never>((_resolve, reject) =>
        started.on('error', (error) => reject(new Error(`gnome-keyring-daemon did not start (run scripts/install-system-deps.sh): ${error.message}`))),
      );
      started.stdin?.end(KEYRING_PASSWORD);
      const deadline = Date.now() + 15_000;
      for (;;) {
        if (await Promise.race([secretsOwned(address, home), failedToStart])) break;
        if (started.exitCode !== null) throw new Error(`gnome-keyring-daemon exited with ${started.exitCode}: ${daemonError}`);
        if (Date.now() > deadline) throw new Error(`org.freedesktop.secrets got no owner within 15 s: ${daemonError}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
    return {
      address,
      env: { DBUS_SESSION_BUS_ADDRESS: address },
      daemonPid: daemon?.pid,
      freeze: () => daemon?.kill('SIGSTOP'),
      thaw: () => daemon?.kill('SIGCONT'),
      lock: async () => {
        const run = await runProgram(
          'dbus-send',
          ['--session', '--print-reply', '--dest=org.freedesktop.secrets', '/org/freedesktop/secrets', 'org.freedesktop.Secret.Service.Lock', 'array:objpath:/org/freedesktop/secrets/collection/login'],
          { env: cliEnv(home, { DBUS_SESSION_BUS_ADDRESS: address }) },
        );
        if (!run.stdout.includes('/org/freedesktop/secrets/collection/login')) throw new Error(`could not lock the test keyring: ${run.stderr}`);
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * Call at file or describe level: starts a private Secret Service in `beforeAll` and stops it in
 * `afterAll`. `withService: false` gives a bus without one.
 * @returns a getter for the running bus
 */
export function useSecretService(withService = true): () => PrivateBus {
  assertIntegrationProject('a Secret Service (gnome-keyring-daemon on D-Bus)');
  let bus: PrivateBus | undefined;
  beforeAll(async () => {
    bus = await startSecretService(withService);
  });
  afterAll(async () => {
    await bus?.stop();
  });
  return () => {
    if (!bus) throw new Error('the private Secret Service is not running (its beforeAll failed)');
    return bus;
  };
}
