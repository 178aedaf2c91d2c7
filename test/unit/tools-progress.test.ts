/**
 * The tools build says which tool it is building and for how long (issue 22, item 5), with a stand-in
 * for `go` that takes a moment to "build".
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from '../helpers/cli.js';
import { useTempDirs } from '../helpers/temp-dirs.js';

const makeDir = useTempDirs('tools-progress');

describe('scripts/tools.mjs', () => {
  it('logs the tool being built and the time so far while go is silent', () => {
    const bin = makeDir();
    const tools = makeDir();
    // `go version` succeeds; `go install ... module@version` and `go build -o OUT` sleep, then write a binary
    // (named after the module, or OUT).
    writeFileSync(
      join(bin, 'go'),
      `#!/bin/sh
[ "$1" = version ] && exit 0
sleep 1
if [ "$1" = build ]; then
  out=; prev=
  for a in "$@"; do [ "$prev" = -o ] && out=$a; prev=$a; done
  mkdir -p "$(dirname "$out")"; printf '#!/bin/sh\\n' > "$out"; chmod +x "$out"; exit 0
fi
name=$(basename "$(echo "$3" | cut -d@ -f1)")
mkdir -p "$GOBIN"
printf '#!/bin/sh\\n' > "$GOBIN/$name"; chmod +x "$GOBIN/$name"
`,
      { mode: 0o755 },
    );
    const run = spawnSync(process.execPath, [join(REPO, 'scripts', 'tools.mjs'), 'minio', 'mc'], {
      env: { PATH: `${bin}:/usr/bin:/bin`, HOME: tools, STS_CREDS_TOOLS_DIR: tools, STS_CREDS_TOOLS_PROGRESS_MS: '200' },
      encoding: 'utf8',
    });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/\[sts-creds tools\] building minio \(github\.com\/minio\/minio@/);
    expect(run.stderr).toMatch(/\[sts-creds tools\] still building minio: \d+ s so far\n/);
    expect(run.stderr).toMatch(/\[sts-creds tools\] still building mc: \d+ s so far\n/);
    expect(run.stdout).toMatch(/^minio\t.*\nmc\t/);
  });
});
