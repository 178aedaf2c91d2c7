/**
 * `sts-creds cache run -- COMMAND ARGS...` (issue 22, item 2): a script stands in for another tool's
 * credential_process command and counts its runs in a file. The built CLI runs it; each test has its
 * own HOME and so its own cache.
 */
import { lstatSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectCleanFailure, runCli } from '../helpers/cli.js';
import { useTempDirs } from '../helpers/temp-dirs.js';

const makeDir = useTempDirs('cache-run');

/**
 * A credential_process stand-in: counts its run, sleeps `SLEEP` seconds (so concurrent callers overlap),
 * then prints what `MODE` says: good JSON valid for `LIFETIME` seconds, a failure, or bad JSON.
 */
const SCRIPT = `#!/bin/sh
echo run >> "$COUNT_FILE"
sleep "\${SLEEP:-0}"
case "\${MODE:-good}" in
  fail) echo "tool: login required" >&2; exit 7 ;;
  v2) echo '{"Version":2,"AccessKeyId":"AK","SecretAccessKey":"SK"}'; exit 0 ;;
  text) echo 'not json'; exit 0 ;;
esac
exp=$(date -u -d "+\${LIFETIME:-3600} seconds" +%Y-%m-%dT%H:%M:%SZ)
printf '{"Version":1,"AccessKeyId":"AKID%s","SecretAccessKey":"tool-secret-%s","SessionToken":"tool-token","Expiration":"%s"}\\n' "$$" "$$" "$exp"
`;

function setup(): { home: string; script: string; count: string; runs: () => number; cacheDir: string } {
  const home = makeDir();
  const script = join(home, 'other-tool');
  writeFileSync(script, SCRIPT, { mode: 0o755 });
  const count = join(home, 'count');
  const runs = (): number => {
    try {
      return readFileSync(count, 'utf8').split('\n').filter(Boolean).length;
    } catch {
      return 0;
    }
  };
  return { home, script, count, runs, cacheDir: join(home, '.cache', 'sts-creds', 'credentials') };
}

function cacheRun(t: ReturnType<typeof setup>, env: Record<string, string> = {}, args: string[] = ['--', t.script, '--profile', 'x'], cwd?: string) {
  return runCli(['cache', 'run', ...args], { home: t.home, env: { COUNT_FILE: t.count, ...env }, ...(cwd ? { cwd } : {}) });
}

describe('cache run', () => {
  it('8 concurrent callers run the command once and print the same JSON; the entry is private', { timeout: 120_000 }, async () => {
    const t = setup();
    const results = await Promise.all(Array.from({ length: 8 }, () => cacheRun(t, { SLEEP: '1' })));
    for (const r of results) expect(r.code, r.stderr).toBe(0);
    expect(t.runs()).toBe(1);
    expect(new Set(results.map((r) => r.stdout)).size).toBe(1);
    const out = JSON.parse(results[0]!.stdout) as Record<string, unknown>;
    expect(out).toMatchObject({ Version: 1, AccessKeyId: expect.stringMatching(/^AKID\d+$/), SessionToken: 'tool-token' });
    expect(lstatSync(t.cacheDir).mode & 0o777).toBe(0o700);
    const files = readdirSync(t.cacheDir).filter((n) => n.endsWith('.json'));
    expect(files).toHaveLength(1);
    expect(lstatSync(join(t.cacheDir, files[0]!)).mode & 0o777).toBe(0o600);
    // A later call is a cache hit; `cache list` names the command, not its arguments or secrets.
    expect((await cacheRun(t)).stdout).toBe(results[0]!.stdout);
    expect(t.runs()).toBe(1);
    const list = await runCli(['cache', 'list'], { home: t.home });
    expect(list.stdout).toMatch(/credential_process .* command other-tool/);
    expect(list.stdout).not.toMatch(/--profile|tool-secret|tool-token/);
  });

  it('the key is the command line and the working directory', async () => {
    const t = setup();
    await cacheRun(t);
    await cacheRun(t, {}, ['--', t.script, '--profile', 'y']);
    const elsewhere = join(t.home, 'elsewhere');
    mkdirSync(elsewhere);
    await cacheRun(t, {}, undefined, elsewhere);
    expect(t.runs()).toBe(3);
    await cacheRun(t, {}, undefined, elsewhere);
    expect(t.runs()).toBe(3);
  });

  it('credentials inside the advisory window are not reused; --refresh always runs the command', async () => {
    const t = setup();
    await cacheRun(t, { LIFETIME: '600' }); // 10 minutes: reused while more than half is left
    await cacheRun(t, { LIFETIME: '600' });
    expect(t.runs()).toBe(1);
    // Obtained an hour earlier, the same entry has 10 of its 70 minutes left: under 16 minutes, so it is renewed.
    const file = join(t.cacheDir, readdirSync(t.cacheDir).find((n) => n.endsWith('.json'))!);
    const entry = JSON.parse(readFileSync(file, 'utf8')) as { obtainedAt: string };
    entry.obtainedAt = new Date(Date.parse(entry.obtainedAt) - 3600_000).toISOString();
    writeFileSync(file, JSON.stringify(entry));
    await cacheRun(t, { LIFETIME: '600' });
    expect(t.runs()).toBe(2);
    await cacheRun(t, { LIFETIME: '600' });
    expect(t.runs()).toBe(2);
    const refreshed = await cacheRun(t, {}, ['--refresh', '--', t.script, '--profile', 'x']);
    expect(refreshed.code).toBe(0);
    expect(t.runs()).toBe(3);
  });

  it('a failing command passes its exit code and stderr through and is never cached', async () => {
    const t = setup();
    const r = await cacheRun(t, { MODE: 'fail' });
    expect(r.code).toBe(7);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('tool: login required\n');
    expect(r.stderr).toContain('sts-creds: cache run: "other-tool" exited with code 7; nothing was cached');
    await cacheRun(t, { MODE: 'fail' });
    expect(t.runs()).toBe(2);
  });

  it('output that is not credential_process JSON version 1 is an error (exit 1) and is never cached', async () => {
    const t = setup();
    for (const mode of ['v2', 'text']) {
      expectCleanFailure(await cacheRun(t, { MODE: mode }), /did not print credential_process JSON version 1/, 1);
    }
    await cacheRun(t, { MODE: 'v2' });
    expect(t.runs()).toBe(3);
    expect(readdirSync(t.cacheDir).filter((n) => n.endsWith('.json'))).toHaveLength(0);
  });

  it('a missing command exits 127; no command is a usage error', async () => {
    const t = setup();
    expectCleanFailure(await cacheRun(t, {}, ['--', join(t.home, 'missing')]), /cannot run "missing": command not found/, 127);
    expectCleanFailure(await runCli(['cache', 'run'], { home: t.home }), /missing required argument|no command/, 2);
  });
});
