/**
 * The keyring's child program (src/keyring/keyring-child.ts) as the build ships it, for the library
 * (dist/keyring-child.js) and beside the CLI bundle (dist/cli/), against a stand-in for `@napi-rs/keyring`:
 * each operation reaches the package as asked, and a failure is a reply, not a crash. The real
 * Secret Service is test/cli/keyring.integ.test.ts.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO, cliEnv, ensureBuilt, runProgram } from '../helpers/cli.js';
import { useTempDirs } from '../helpers/temp-dirs.js';

const makeTempDir = useTempDirs('keyring-child');

/** A stand-in package: records nothing, answers from a map, and refuses the account `broken`. */
const STAND_IN = `'use strict';
const store = new Map([['x\\u0000alice', 'pw-1']]);
class AsyncEntry {
  constructor(service, account, options) {
    if (options?.linux?.store !== 'secret-service') throw new Error('not pinned to the Secret Service');
    this.key = service + '\\u0000' + account;
    if (account === 'broken') throw new Error('Platform failure: DBus error: no bus');
  }
  async getPassword() { return store.get(this.key); }
  async setPassword(value) { store.set(this.key, value); }
  async deleteCredential() { return store.delete(this.key); }
}
async function findCredentialsAsync(service) {
  return [...store].filter(([k]) => k.startsWith(service + '\\u0000')).map(([k, password]) => ({ account: k.split('\\u0000')[1], password }));
}
module.exports = { AsyncEntry, findCredentialsAsync };
`;

describe.each(['dist/keyring-child.js', 'dist/cli/keyring-child.js'])('%s', (program) => {
  let module = '';
  beforeAll(() => {
    ensureBuilt();
    module = join(makeTempDir(), 'keyring-stand-in.cjs');
    writeFileSync(module, STAND_IN);
  });
  const ask = async (request: Record<string, unknown>): Promise<unknown> => {
    const run = await runProgram(process.execPath, [join(REPO, program)], { env: cliEnv(makeTempDir()), stdin: JSON.stringify({ module, service: 'x', ...request }) });
    expect(run).toMatchObject({ code: 0, stderr: '' });
    return JSON.parse(run.stdout);
  };

  it('answers get, list and remove from the package', async () => {
    expect(await ask({ op: 'get', account: 'alice' })).toEqual({ ok: true, value: 'pw-1' });
    expect(await ask({ op: 'list', account: '' })).toEqual({ ok: true, value: [{ account: 'alice', password: 'pw-1' }] });
    expect(await ask({ op: 'remove', account: 'alice' })).toEqual({ ok: true, value: true });
    expect(await ask({ op: 'set', account: 'bob', value: 'pw-2' })).toEqual({ ok: true });
  });

  it("reports the package's failure, and a missing package, as a reply", async () => {
    expect(await ask({ op: 'get', account: 'broken' })).toEqual({ ok: false, message: 'Platform failure: DBus error: no bus' });
    expect(await ask({ op: 'get', account: 'a', module: '/nonexistent/keyring' })).toMatchObject({ ok: false, message: expect.stringMatching(/^Cannot find module/) });
  });
});
