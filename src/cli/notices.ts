import { escapeControl } from '../text/server-text.js';
import type { CliNotices } from './debug-log.js';
import type { CliIo } from './io.js';
import type { Redactor } from './redact.js';

/** Warnings already printed, per run (a run is one `CliIo`). */
const printed = new WeakMap<object, Set<string>>();

/** Warnings on stderr, each at most once per run however many clients or commands ask for it. */
export function cliNotices(io: CliIo, redactor: Redactor): CliNotices {
  return {
    warnOnce(key, text, own) {
      let seen = printed.get(io);
      if (!seen) printed.set(io, (seen = new Set()));
      if (seen.has(key)) return;
      seen.add(key);
      io.stderr.write(`sts-creds: warning: ${own === 'own' ? escapeControl(text) : redactor.line(text)}\n`);
    },
  };
}
