import type { StsEvent } from '../events.js';
import type { Redactor } from './redact.js';

/** One warning or debug line per call; `key` makes a warning print at most once per run. */
export interface CliNotices {
  /**
   * Prints `text` as a warning once per run. `own`: the text is sts-creds' own words and numbers only,
   * with nothing from the user or a server, so it is not redacted (a password that is also a word of it,
   * such as `password`, must not blank out the warning).
   */
  warnOnce(key: string, text: string, own?: 'own'): void;
}

function headerLines(prefix: string, headers: Record<string, string>): string[] {
  return Object.entries(headers)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, value]) => `${prefix}${name}: ${value}`);
}

/**
 * `--debug` text for one event: method, URL, status, timings and headers. Pure. The library has
 * already redacted URLs and headers; the caller runs the result through the run's {@link Redactor} too.
 */
export function formatEvent(event: StsEvent): string[] {
  const what = event.action ? `${event.action}, ` : '';
  switch (event.type) {
    case 'request':
      return [
        `> ${event.method} ${event.url} (${what}attempt ${event.attempt}${event.proxy ? `, via proxy ${event.proxy}` : ''})`,
        ...headerLines('>   ', event.headers),
      ];
    case 'response':
      return [
        `< HTTP ${event.statusCode} after ${event.totalMs} ms (headers after ${event.headersMs} ms), ${event.bodyBytes} bytes of body`,
        ...headerLines('<   ', event.headers),
      ];
    case 'failure':
      return [`x ${event.error.name} after ${event.elapsedMs} ms: ${event.error.message}`];
    case 'retry':
      return [
        `retrying in ${event.delayMs} ms${event.fromRetryAfter ? ' (as Retry-After asks)' : ''}: ${event.reason} ` +
          `(attempt ${event.attempt} of ${event.maxAttempts} failed)`,
      ];
    case 'clock-skew':
      return [`clock: the server's Date is ${event.serverDate.toISOString()}; signing with the local clock ${signed(event.offsetMs)} ms from now on`];
    case 'expiration-clamped':
      return [
        `clock: the server's Date (${event.serverDate?.toISOString() ?? 'none'}) and Expiration (${event.expiration.toISOString()}) ` +
          `give a longer lifetime than the call allows; using ${Math.round(event.lifetimeMs / 1000)} s`,
      ];
    case 'expiration-readings-differ':
      return [
        `clock: the server's Expiration (${event.expiration.toISOString()}) and local now + its lifetime (${event.localExpiration.toISOString()}) ` +
          `differ by ${Math.round(Math.abs(event.differenceMs) / 1000)} s; using the earlier`,
      ];
  }
}

function signed(ms: number): string {
  return ms >= 0 ? `+${ms}` : String(ms);
}

/**
 * The `onEvent` listener the CLI gives the library: with `--debug`, every event as `sts-creds: debug:`
 * lines on stderr; always, a one-time warning when the local clock had to be corrected (the
 * credentials' users, such as S3 clients, will be refused with the same clock).
 */
export function createEventLogger(
  write: (text: string) => void,
  redactor: Redactor,
  notices: CliNotices,
  debug: boolean,
  quiet = false,
): (event: StsEvent) => void {
  const slow = slowRetryNotice(write, redactor);
  return (event) => {
    if (!debug && !quiet) slow(event);
    if (event.type === 'clock-skew') {
      const seconds = Math.round(-event.offsetMs / 1000);
      notices.warnOnce(
        'clock-skew',
        `the local clock is ${Math.abs(seconds)} s ${seconds >= 0 ? 'ahead of' : 'behind'} the STS server's; ` +
          'sts-creds corrected its own request, but S3 requests signed with this clock will be refused: set the system clock right (NTP)',
        'own',
      );
    }
    if (!debug) return;
    for (const line of formatEvent(event)) write(`sts-creds: debug: ${redactor.line(line)}\n`);
  };
}

/** A call still retrying this long after it started is reported on stderr (without --debug, which shows every attempt). */
export const SLOW_RETRY_NOTICE_MS = 2000;

/**
 * Says on stderr, once a call has spent {@link SLOW_RETRY_NOTICE_MS} (in attempts and waits), each
 * further retry: which attempt failed, why, and how long until the next. Measured from the events
 * themselves (each attempt's elapsed time and each wait), so it needs no clock.
 */
function slowRetryNotice(write: (text: string) => void, redactor: Redactor): (event: StsEvent) => void {
  let spentMs = 0;
  return (event) => {
    if (event.type === 'request' && event.attempt === 1) spentMs = 0;
    if (event.type === 'failure') spentMs += event.elapsedMs;
    if (event.type === 'response') spentMs += event.totalMs;
    if (event.type !== 'retry') return;
    spentMs += event.delayMs;
    if (spentMs < SLOW_RETRY_NOTICE_MS) return;
    const wait = `${(event.delayMs / 1000).toFixed(1)} s${event.fromRetryAfter ? ' (the server\'s Retry-After)' : ''}`;
    write(`sts-creds: ${redactor.redact(`${event.action ?? 'request'}: attempt ${event.attempt} of ${event.maxAttempts} failed (${event.reason}); retrying in ${wait}`)}\n`);
  };
}
