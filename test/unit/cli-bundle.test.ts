/**
 * What the CLI bundle's start-up devices (scripts/build-cli.mjs, src/cli/startup/README.md) assume of
 * undici, chalk and commander, checked against the installed versions, so that an upgrade that
 * breaks an assumption fails here rather than in a user's terminal: the undici files the bundle
 * imports by path exist and are the objects undici's entry exports; the bundle's `request()` answers
 * as undici's does; node:http2 is optional to undici; chalk's colour detection is the one import the
 * stand-in replaces, and chalk with a level set colours the same without it; commander loads
 * node:child_process in the form the lazy stand-in serves.
 */
import { createRequire } from 'node:module';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { build, type Plugin } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEVICES, UNDICI_PARTS, buildCli } from '../../scripts/build-cli.mjs';
import { REPO } from '../helpers/cli.js';
import { useTempDirs } from '../helpers/temp-dirs.js';

const require = createRequire(join(REPO, 'package.json'));
const UNDICI_DIR = dirname(require.resolve('undici'));
const packageDir = (name: string): string => join(REPO, 'node_modules', name);
const makeTempDir = useTempDirs('cli-bundle');

/** Bundles `source` (an ES module importing what it tests) with the given devices; returns its exports. */
async function bundle(source: string, plugins: readonly (keyof typeof DEVICES)[]): Promise<Record<string, unknown>> {
  const outfile = join(makeTempDir(), 'probe.cjs');
  await build({
    stdin: { contents: source, resolveDir: REPO, loader: 'js' },
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    mainFields: ['module', 'main'],
    outfile,
    logLevel: 'silent',
    plugins: plugins.map((name) => DEVICES[name]!),
  });
  return require(outfile) as Record<string, unknown>;
}

describe('undici: the files the bundle imports by path', () => {
  it.each(Object.entries(UNDICI_PARTS))('%s is %s, the same object undici exports', (name, file) => {
    const undici = require('undici') as Record<string, unknown>;
    expect(undici[name], `undici no longer exports ${name}`).toBeDefined();
    expect(require(join(UNDICI_DIR, file)), `${file} is not undici's ${name}`).toBe(undici[name]);
  });

  it("lib/api/index.js holds the dispatcher methods undici's entry adds (request among them)", () => {
    const api = require(join(UNDICI_DIR, 'lib/api/index.js')) as Record<string, unknown>;
    const { Dispatcher } = require('undici') as { Dispatcher: { prototype: Record<string, unknown> } };
    expect(Object.keys(api)).toContain('request');
    for (const [name, fn] of Object.entries(api)) expect(Dispatcher.prototype[name], name).toBe(fn);
  });

  it('loads node:http2 only where a failure to load it is caught (HTTP/1.1 then)', () => {
    const files = readdirSync(join(UNDICI_DIR, 'lib'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.js')).map((f) => join('lib', f));
    let seen = 0;
    for (const file of files) {
      const source = readFileSync(join(UNDICI_DIR, file), 'utf8');
      for (const match of source.matchAll(/require\(['"](?:node:)?http2['"]\)/g)) {
        const before = source.slice(Math.max(0, match.index - 40), match.index);
        expect(before, `${file} requires node:http2 outside a try`).toMatch(/try\s*\{\s*(?:\w+\s*=\s*)?$/);
        seen++;
      }
    }
    expect(seen, 'undici no longer requires node:http2: the no-http2 stand-in has nothing to replace').toBeGreaterThan(0);
  });

  describe("the bundle's request() answers as undici's", () => {
    let server: Server;
    let url = '';
    beforeAll(async () => {
      server = createServer((req, res) => {
        let body = '';
        req.on('data', (chunk: Buffer) => (body += chunk.toString()));
        req.on('end', () => {
          res.writeHead(201, { 'content-type': 'text/plain', 'x-seen': `${req.method} ${req.url} ${String(req.headers['x-probe'])}` });
          res.end(`got ${body}`);
        });
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/a/b?c=d`;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('status, headers and body of a POST through an Agent, and an error for a missing dispatcher', async () => {
      type Request = (url: string | URL, options: Record<string, unknown>) => Promise<{ statusCode: number; headers: Record<string, unknown>; body: { text(): Promise<string> } }>;
      const subset = (await bundle("export { request, Agent, errors } from 'undici';", ['undici-subset', 'no-http2'])) as { request: Request; Agent: new () => { close(): Promise<void> }; errors: Record<string, unknown> };
      const real = require('undici') as { request: Request; Agent: new () => { close(): Promise<void> } };
      const answers = [];
      for (const { request, Agent } of [subset, real]) {
        const dispatcher = new Agent();
        try {
          const res = await request(new URL(url), { dispatcher, method: 'POST', body: 'x=1', headers: { 'x-probe': 'p' } });
          answers.push({ status: res.statusCode, seen: res.headers['x-seen'], body: await res.body.text() });
        } finally {
          await dispatcher.close();
        }
      }
      expect(answers[0]).toEqual({ status: 201, seen: 'POST /a/b?c=d p', body: 'got x=1' });
      expect(answers[0]).toEqual(answers[1]);
      expect(() => subset.request(url, {})).toThrow(subset.errors.InvalidArgumentError);
    });
  });
});

describe('chalk: colour detection is the one thing left out', () => {
  it("imports its detection as '#supports-color' (default import, stdout and stderr read from it)", () => {
    const source = readFileSync(join(packageDir('chalk'), 'source', 'index.js'), 'utf8');
    expect(source).toMatch(/^import supportsColor from '#supports-color';$/m);
    expect(source).toMatch(/const \{stdout: stdoutColor, stderr: stderrColor\} = supportsColor;/);
  });

  it('colours the same with a level set, with and without the stand-in', async () => {
    const probe = "import { Chalk } from 'chalk'; export const out = [0, 1, 2, 3].map((level) => new Chalk({ level }).red.bold('x') + new Chalk({ level }).hex('#123456')('y'));";
    const [withStandIn, without] = [await bundle(probe, ['chalk-without-detection']), await bundle(probe, [])];
    expect(withStandIn.out).toEqual(without.out);
    expect((withStandIn.out as string[])[1]).toBe('\u001b[31m\u001b[1mx\u001b[22m\u001b[39m\u001b[30my\u001b[39m');
  });
});

describe('commander: node:child_process on first use', () => {
  it('holds the module as one object and reads spawn from it when it runs a subcommand file', () => {
    const source = readFileSync(join(packageDir('commander'), 'lib', 'command.js'), 'utf8');
    const uses = [...source.matchAll(/child_process|childProcess\.?\w*/g)].map((m) => m[0]);
    expect(source).toMatch(/^const childProcess = require\('node:child_process'\);$/m);
    expect(new Set(uses)).toEqual(new Set(['child_process', 'childProcess', 'childProcess.spawn']));
  });

  it("the stand-in's functions are node:child_process's", async () => {
    // The module the plugin serves, taken from the plugin itself and run as CommonJS.
    let contents = '';
    await DEVICES['lazy-child-process'].setup({
      onResolve: () => undefined,
      onLoad: (_filter: unknown, load: (args: { path: string }) => { contents: string }) => void (contents = load({ path: 'lazy-child-process' }).contents),
    } as unknown as Parameters<Plugin['setup']>[0]);
    const module = { exports: {} as Record<string, unknown> };
    // eslint-disable-next-line @typescript-eslint/no-implied-eval, @typescript-eslint/no-unsafe-call -- runs the bundle's generated stand-in as CommonJS, as esbuild's output would
    new Function('module', 'require', contents)(module, require);
    const real = require('node:child_process') as Record<string, unknown>;
    for (const name of ['spawn', 'execFile', 'spawnSync']) expect(module.exports[name], name).toBe(real[name]);
  });
});

describe('what the bundles hold', () => {
  it('hot.js holds neither commander, chalk, undici, fast-xml-parser nor @smithy/signature-v4, and no keyring or login code', async () => {
    const outDir = join(makeTempDir(), 'cli');
    const { outputs } = (await buildCli({ outDir })) as { outputs: Record<string, { inputs: Record<string, unknown> }> };
    const inputsOf = (name: string): string[] => Object.keys(Object.entries(outputs).find(([file]) => file.endsWith(`/${name}`))![1].inputs);
    const hot = inputsOf('hot.js');
    const packages = new Set(hot.flatMap((input) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)?.[1] ?? []));
    for (const heavy of ['commander', 'chalk', 'undici', 'fast-xml-parser', '@smithy/signature-v4']) expect(packages, heavy).not.toContain(heavy);
    expect(hot.filter((input) => /src\/(keyring\/keyring-store|keyring\/os-keyring|cli\/login-token|oidc\/|transport\/|client\/sts-client)/.test(input))).toEqual([]);
    // ...which the whole CLI does hold: commander and chalk in main.js, the request libraries beside it.
    const main = inputsOf('main.js').join('\n');
    for (const heavy of ['node_modules/commander/', 'node_modules/chalk/']) expect(main).toContain(heavy);
    const libraries = inputsOf('request-libraries.js').join('\n');
    for (const heavy of ['node_modules/undici/', 'node_modules/fast-xml-parser/', 'node_modules/@smithy/signature-v4/']) {
      expect(main).not.toContain(heavy);
      expect(libraries).toContain(heavy);
    }
    // No module of ours in both files (a class there twice would fail `instanceof` across them).
    expect(inputsOf('request-libraries.js').filter((input) => input.startsWith('src/'))).toEqual([]);
  });
});
