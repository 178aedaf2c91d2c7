import { hostname } from 'node:os';
import type { CacheHost } from '../cache/credential-cache.js';
import type { CliIo } from './io.js';
import { cliNotices } from './notices.js';
import type { Redactor } from './redact.js';

/** Whether a process with this pid exists: signal 0 checks without sending; EPERM means it exists as another user. */
function isPidAlive(pid: number): boolean {
  // Signal 0 to pid 0 or a negative pid would address process groups, not one process.
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: unknown }).code === 'EPERM';
  }
}

/** The credential cache's view of this process: its uid and pid, the run's clock, and warnings on stderr. */
export function cliCacheHost(io: CliIo, redactor: Redactor): CacheHost {
  const notices = cliNotices(io, redactor);
  return {
    uid: process.getuid?.(),
    pid: process.pid,
    hostname: hostname(),
    isPidAlive,
    now: () => io.now().getTime(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    warn: (message) => notices.warnOnce(`cache: ${message}`, message),
  };
}
