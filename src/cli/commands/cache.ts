import { homedir } from 'node:os';
import { cacheFileName } from '../../cache/cache-key.js';
import { isFreshEnough } from '../../cache/cache-entry.js';
import { CacheDirError, clearCacheEntries, listCacheEntries, type ListedEntry } from '../../cache/cache-entries.js';
import { clientTarget } from '../../client/client-target.js';
import { formatIsoUtc, formatTimeLeft } from '../../format/iso-time.js';
import { escapeControl } from '../../text/server-text.js';
import { CliUsageError } from '../errors.js';
import { resolveCacheDir } from '../inputs/environment.js';
import { resolveCredentialRun } from './resolve-run.js';
import type { CliIo } from '../io.js';
import type { CacheInvocation, CredentialInvocation } from '../invocation.js';
import type { Redactor } from '../redact.js';
import { requestCacheKey } from '../method-request.js';

/** One entry as `cache list -o json` prints it. Pure. */
function entryJson(entry: ListedEntry, now: Date): Record<string, unknown> {
  return {
    method: entry.method,
    endpoint: entry.label.endpoint ?? null,
    region: entry.label.region ?? null,
    user: entry.label.user ?? null,
    role: entry.label.role ?? null,
    command: entry.label.command ?? null,
    obtainedAt: entry.obtainedAt.toISOString(),
    expiration: entry.expiration.toISOString(),
    reused: isFreshEnough(entry.obtainedAt.getTime(), entry.expiration.getTime(), now.getTime()),
  };
}

/** Who an entry's credentials are for, as one short cell. Pure. */
function whoOf(entry: ListedEntry): string {
  const parts = [entry.label.user, entry.label.role && `role ${entry.label.role}`, entry.label.command && `command ${entry.label.command}`].filter(Boolean);
  return parts.length > 0 ? parts.join(', ') : '-';
}

/** `cache list`'s table: one line per entry, left-aligned columns; text from the files escaped. Pure. */
export function renderCacheList(entries: readonly ListedEntry[], skipped: number, now: Date): string {
  if (entries.length === 0 && skipped === 0) return 'no cached credentials\n';
  const rows = entries.map((e) => {
    const left = e.expiration.getTime() - now.getTime();
    const reused = isFreshEnough(e.obtainedAt.getTime(), e.expiration.getTime(), now.getTime());
    return [
      e.method,
      formatIsoUtc(e.expiration),
      left > 0 ? `${formatTimeLeft(left)}${reused ? '' : ' (renewed on next use)'}` : 'expired',
      whoOf(e),
      e.label.endpoint ?? '-',
    ].map(escapeControl);
  });
  const header = ['METHOD', 'EXPIRES', 'LEFT', 'USER OR ROLE', 'ENDPOINT'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ');
  const out = [line(header), ...rows.map(line)];
  if (skipped > 0) out.push(`(${skipped} file${skipped === 1 ? '' : 's'} skipped: not a readable entry of this user)`);
  return `${out.join('\n')}\n`;
}

function cacheDir(io: CliIo): string {
  return resolveCacheDir(io.env, homedir());
}

function uid(): number {
  const id = process.getuid?.();
  if (id === undefined) throw new CliUsageError('the credential cache is not used on this platform (no file owners to check)');
  return id;
}

/** A directory another user could write to is reported as a usage problem (exit 2), naming the directory. */
async function guarded<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof CacheDirError) throw new CliUsageError(error.message);
    throw error;
  }
}

/** Whether a `cache clear` names nothing: no method, no option (then it clears everything). */
function namesNothing(invocation: CredentialInvocation): boolean {
  const { debug: _debug, ...rest } = invocation.options;
  return invocation.defaulted === true && Object.values(rest).every((value) => value === undefined);
}

/**
 * `sts-creds cache list` and `sts-creds cache clear [method] [options]`: the text to print.
 * `clear` with a method, profile, alias or flags resolves them as the credential command would (files
 * and variables are read, nothing is sent) and removes only the entry that command would use.
 */
export async function cacheCommand(invocation: CacheInvocation | CredentialInvocation, io: CliIo, redactor: Redactor): Promise<string> {
  if (invocation.mode === 'cache') {
    const { entries, skipped } = await guarded(() => listCacheEntries(cacheDir(io), uid()));
    const now = io.now();
    if (invocation.options.output === 'json') return `${JSON.stringify(entries.map((e) => entryJson(e, now)), null, 2)}\n`;
    return renderCacheList(entries, skipped, now);
  }
  if (invocation.options.all || namesNothing(invocation)) {
    const { all: _all, debug: _debug, ...rest } = invocation.options;
    if (invocation.options.all && (!invocation.defaulted || Object.values(rest).some((v) => v !== undefined))) {
      throw new CliUsageError('cache clear --all takes no method or other option');
    }
    const removed = await guarded(() => clearCacheEntries(cacheDir(io), uid()));
    return `removed ${removed} cache entr${removed === 1 ? 'y' : 'ies'}\n`;
  }
  const run = await resolveCredentialRun(invocation, io, redactor);
  const { endpoint, region } = clientTarget(run.network);
  const file = cacheFileName(requestCacheKey(run.request, endpoint.href, region));
  const removed = await guarded(() => clearCacheEntries(cacheDir(io), uid(), [file]));
  return removed === 0 ? 'no cache entry for these settings\n' : 'removed 1 cache entry\n';
}
