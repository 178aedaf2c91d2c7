/**
 * The keyring process (see os-keyring.ts): a program, not a module to import. It reads one JSON
 * {@link KeyringChildRequest} on stdin, makes the one call of `@napi-rs/keyring` it asks for, and writes
 * one JSON {@link KeyringChildReply} line on stdout; a failure is a reply too, so the parent tells
 * keyring errors from crashes. Built twice, each beside the bundle that runs it: dist/keyring-child.js
 * (scripts/build-lib.mjs, for the library) and dist/cli/keyring-child.js (scripts/build-cli.mjs).
 */
import { createRequire } from 'node:module';

/** What the parent asks: the operation, the entry, and where the keyring package is (resolved by the parent). */
export type KeyringChildRequest = { module: string; service: string; account: string } & ({ op: 'get' | 'remove' | 'list' } | { op: 'set'; value: string });

/** What the child answers. */
export type KeyringChildReply = { ok: true; value?: unknown } | { ok: false; message: string };

/** The part of `@napi-rs/keyring` used here (an optional dependency, so typed by hand). */
interface KeyringPackage {
  AsyncEntry: new (
    service: string,
    account: string,
    options: { linux: { store: 'secret-service' } },
  ) => {
    getPassword(): Promise<string | null | undefined>;
    setPassword(value: string): Promise<void>;
    deleteCredential(): Promise<boolean>;
  };
  findCredentialsAsync: (service: string) => Promise<Array<{ account: string; password: string }>>;
}

async function answer(input: string): Promise<KeyringChildReply> {
  try {
    const req = JSON.parse(input) as KeyringChildRequest;
    const { AsyncEntry, findCredentialsAsync } = createRequire(import.meta.url)(req.module) as KeyringPackage;
    // Pinned to the Secret Service on Linux: the package would otherwise fall back to the kernel keyring.
    const entry = new AsyncEntry(req.service, req.account, { linux: { store: 'secret-service' } });
    switch (req.op) {
      case 'get':
        return { ok: true, value: await entry.getPassword() };
      case 'set':
        await entry.setPassword(req.value);
        return { ok: true };
      case 'remove':
        return { ok: true, value: await entry.deleteCredential() };
      case 'list':
        return { ok: true, value: await findCredentialsAsync(req.service) };
    }
  } catch (error) {
    return { ok: false, message: String((error as Error | undefined)?.message ?? error) };
  }
}

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk: string) => {
  input += chunk;
});
process.stdin.on('end', () => {
  void answer(input).then((reply) => {
    // Exit once written: a keyring call still pending in libuv's thread pool would keep the process alive.
    process.stdout.write(`${JSON.stringify(reply)}\n`, () => process.exit(0));
  });
});
