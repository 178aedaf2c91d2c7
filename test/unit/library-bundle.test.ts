/**
 * The library as importers get it: dist/index.js, one ES module (scripts/build-lib.mjs) with undici,
 * fast-xml-parser and @smithy/signature-v4 inside. What importing it and one AssumeRole call load is
 * what a cold script pays for; timing belongs to `npm run bench`, so this pins the cause instead: the
 * Node built-in modules loaded, recorded in a real Node process. Importing it must change nothing
 * outside the module (package.json says `sideEffects: false`), and a dispatcher of the user's own
 * undici must work with the bundled copy.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Agent, MockAgent, type Dispatcher } from 'undici';
import { beforeAll, describe, expect, it } from 'vitest';
import type * as Library from '../../src/index.js';
import { REPO, cliEnv, ensureBuilt, runProgram } from '../helpers/cli.js';
import { FAKE_CREDENTIALS, assumeRoleSuccessBody, useFakeSts } from '../helpers/fake-sts.js';
import { useTempDirs } from '../helpers/temp-dirs.js';

const fake = useFakeSts();
const makeTempDir = useTempDirs('library-bundle');
const LIBRARY = pathToFileURL(join(REPO, 'dist', 'index.js')).href;

/**
 * Built-ins a plain AssumeRole to an `http://` endpoint never uses: the keyring's child process, the sign-in's
 * loopback server, TLS and HTTP/2, compression, workers, the promise fs API (token files use the callback
 * API), the terminal, DNS (the endpoint is an address), and node:module (the bundle's `require` asks Node for
 * built-ins directly).
 */
const NOT_FOR_ASSUME_ROLE = [
  ...['child_process', 'tls', 'https', 'http2', 'zlib', 'worker_threads', 'fs/promises', 'readline', 'tty'],
  ...['dns', 'dgram', 'module', 'vm', 'v8'],
];

/** The probe: imports the library, then makes one AssumeRole call; prints what each step loaded and changed. */
const PROBE = `
const [library, endpoint] = process.argv.slice(2);
const builtins = () => process.moduleLoadList.filter((m) => m.startsWith('NativeModule ')).map((m) => m.slice(13));
const outside = () => ({
  globals: Reflect.ownKeys(globalThis).map(String).sort(),
  listeners: process.eventNames().map((name) => String(name) + ' ' + process.listenerCount(name)).sort(),
  resources: process.getActiveResourcesInfo().sort(),
});
// Node opens the stdio handles on first use, and loading node:assert (undici's) uses stderr: they are the process's.
void process.stdout, process.stderr;
const before = outside();
const loadedBefore = new Set(builtins());
const { assumeRole } = await import(library);
const after = outside();
const atImport = builtins().filter((m) => !loadedBefore.has(m));
const creds = await assumeRole({ endpoint, credentials: { accessKeyId: 'AKID', secretAccessKey: 'secret-key-1' } });
const atCall = builtins().filter((m) => !loadedBefore.has(m) && !atImport.includes(m));
process.stdout.write(JSON.stringify({ before, after, atImport, atCall, accessKeyId: creds.accessKeyId }));
`;

interface ProbeResult {
  before: unknown;
  after: unknown;
  atImport: string[];
  atCall: string[];
  accessKeyId: string;
}

describe('dist/index.js, imported by a cold script', () => {
  let probe: ProbeResult;
  let requests = 0;
  beforeAll(async () => {
    ensureBuilt();
    const script = join(makeTempDir(), 'probe.mjs');
    writeFileSync(script, PROBE);
    const run = await runProgram(process.execPath, [script, LIBRARY, fake.url], { env: cliEnv(makeTempDir()) });
    expect(run, run.stderr).toMatchObject({ code: 0 });
    probe = JSON.parse(run.stdout) as ProbeResult;
    requests = fake.requests.length;
  });

  it('made the call (so the module lists below are those of a real AssumeRole)', () => {
    expect(probe.accessKeyId).toBe(FAKE_CREDENTIALS.accessKeyId);
    expect(requests).toBe(1);
    // The recording sees loads: the HTTP client and signing come with the import.
    expect(probe.atImport).toEqual(expect.arrayContaining(['crypto', 'http']));
  });

  it('loads none of the built-ins an AssumeRole does not use, neither at import nor in the call', () => {
    expect(NOT_FOR_ASSUME_ROLE.filter((name) => probe.atImport.includes(name))).toEqual([]);
    expect(NOT_FOR_ASSUME_ROLE.filter((name) => probe.atCall.includes(name))).toEqual([]);
  });

  it('changes nothing outside itself when imported: no global, no process listener, nothing left running', () => {
    expect(probe.after).toEqual(probe.before);
  });
});

describe('the bundle keeps the names of the exports', () => {
  it("every exported class and function is named as it is exported (error classes' names, stack traces)", async () => {
    ensureBuilt();
    const library = (await import(LIBRARY)) as Record<string, unknown>;
    const renamed = Object.entries(library).flatMap(([name, value]) => (typeof value === 'function' && value.name !== name ? [`${name} is named ${value.name}`] : []));
    expect(renamed).toEqual([]);
    expect(Object.keys(library)).toContain('StsCredsError');
  });
});

describe("a dispatcher of the user's own undici, through the bundled library", () => {
  let library: typeof Library;
  beforeAll(async () => {
    ensureBuilt();
    library = (await import(LIBRARY)) as typeof Library;
  });
  const credentials = { accessKeyId: 'AKID', secretAccessKey: 'secret-key-1' };

  it('an Agent: the call goes through it, and it is left open', async () => {
    const agent = new Agent();
    try {
      const creds = await library.assumeRole({ endpoint: fake.url, credentials, dispatcher: agent });
      expect(creds.accessKeyId).toBe(FAKE_CREDENTIALS.accessKeyId);
      expect(fake.requests).toHaveLength(1);
      expect(agent.closed).toBe(false);
    } finally {
      await agent.close();
    }
  });

  it('a MockAgent answers the call (no connection is made)', async () => {
    const mock = new MockAgent();
    mock.disableNetConnect();
    const origin = 'http://127.0.0.1:9';
    mock.get(origin).intercept({ path: '/', method: 'POST' }).reply(200, assumeRoleSuccessBody({ accessKeyId: 'MOCKEDKEY' }), { headers: { 'content-type': 'application/xml' } });
    try {
      const creds = await library.assumeRole({ endpoint: origin, credentials, dispatcher: mock });
      expect(creds.accessKeyId).toBe('MOCKEDKEY');
      mock.assertNoPendingInterceptors();
    } finally {
      await mock.close();
    }
  });

  it('an object with only dispatch() will do', async () => {
    const agent = new Agent();
    const dispatchOnly = { dispatch: (options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler) => agent.dispatch(options, handler) };
    try {
      const creds = await library.assumeRole({ endpoint: fake.url, credentials, dispatcher: dispatchOnly as unknown as Dispatcher });
      expect(creds.accessKeyId).toBe(FAKE_CREDENTIALS.accessKeyId);
      expect(fake.requests).toHaveLength(1);
    } finally {
      await agent.close();
    }
  });
});
