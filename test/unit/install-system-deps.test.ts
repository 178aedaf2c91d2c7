/**
 * scripts/install-system-deps.sh waits for the package manager's lock (issue 22, item 6), with stand-ins
 * for apt-get (which reports the lock held twice, then succeeds), dpkg-query (nothing installed) and sudo.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from '../helpers/cli.js';
import { useTempDirs } from '../helpers/temp-dirs.js';

const makeDir = useTempDirs('install-deps');

describe('install-system-deps.sh', () => {
  it('retries while another apt-get holds the lock, saying so, then installs', () => {
    const bin = makeDir();
    const log = join(bin, 'calls');
    writeFileSync(join(bin, 'dpkg-query'), '#!/bin/sh\nexit 1\n', { mode: 0o755 });
    writeFileSync(join(bin, 'sudo'), '#!/bin/sh\nexec "$@"\n', { mode: 0o755 });
    writeFileSync(
      join(bin, 'apt-get'),
      `#!/bin/sh
echo "$*" >> ${JSON.stringify(log)}
n=$(wc -l < ${JSON.stringify(log)})
if [ "$n" -le 2 ]; then
  echo "E: Could not get lock /var/lib/apt/lists/lock. It is held by process 4242 (apt-get)" >&2
  echo "E: Unable to lock directory /var/lib/apt/lists/" >&2
  exit 100
fi
exit 0
`,
      { mode: 0o755 },
    );
    const run = spawnSync('bash', [join(REPO, 'scripts', 'install-system-deps.sh')], {
      env: { PATH: `${bin}:/usr/bin:/bin`, STS_CREDS_APT_LOCK_POLL: '0' },
      encoding: 'utf8',
    });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toContain("install-system-deps: waiting for the package manager's lock (held by process 4242 (apt-get)); 0s so far");
    const calls = readFileSync(log, 'utf8').trimEnd().split('\n');
    expect(calls).toHaveLength(4);
    expect(calls[2]).toMatch(/^-o DPkg::Lock::Timeout=600 update -qq$/);
    expect(calls[3]).toMatch(/^-o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends awscli /);
  });

  it('any other apt-get failure fails at once, with its message', () => {
    const bin = makeDir();
    writeFileSync(join(bin, 'dpkg-query'), '#!/bin/sh\nexit 1\n', { mode: 0o755 });
    writeFileSync(join(bin, 'sudo'), '#!/bin/sh\nexec "$@"\n', { mode: 0o755 });
    writeFileSync(join(bin, 'apt-get'), '#!/bin/sh\necho "E: Unable to locate package zsh" >&2\nexit 100\n', { mode: 0o755 });
    const run = spawnSync('bash', [join(REPO, 'scripts', 'install-system-deps.sh')], { env: { PATH: `${bin}:/usr/bin:/bin`, STS_CREDS_APT_LOCK_POLL: '0' }, encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('E: Unable to locate package zsh');
  });
});
