import { isStsServiceError, withServiceDetail, type StsCallContext } from '../errors.js';
import { emitEvent, type StsEventListener } from '../events.js';
import { headerValue } from '../http/header-value.js';
import type { HttpAnswer, HttpRequest, HttpTransport } from '../transport/http-transport.js';
import { backoffDelayMs, parseRetryAfter, transientReason, type RetryPolicy } from '../transport/retry-policy.js';

/** The client's correction of the local clock, shared by its calls. */
export interface ClockCorrection {
  /** Milliseconds added to the local clock when signing (positive: the local clock is behind the server). */
  offsetMs: number;
}

/** Everything one call needs. */
export interface ExchangeInput<R> {
  transport: HttpTransport;
  context: StsCallContext;
  policy: RetryPolicy;
  now: () => Date;
  clock: ClockCorrection;
  onEvent: StsEventListener | undefined;
  /** Builds (and signs, when the action is signed) the request for one attempt; called again for every attempt. */
  build: (signingDate: Date) => HttpRequest | Promise<HttpRequest>;
  /** Turns an answer into the result, or throws the typed error it carries. */
  parse: (answer: HttpAnswer) => R;
}

function header(answer: HttpAnswer | undefined, name: string): string | undefined {
  return headerValue(answer?.headers[name]);
}

/** "3600 s ahead of" / "12 s behind" the server. */
function describeSkew(localMs: number, serverMs: number): string {
  const seconds = Math.round((localMs - serverMs) / 1000);
  return `${Math.abs(seconds)} s ${seconds >= 0 ? 'ahead of' : 'behind'} the server's`;
}

/**
 * Sends one STS call: a fresh request (signed with a fresh date) per attempt, retries with
 * full-jitter backoff for transient failures (honouring `Retry-After`), and one extra attempt with
 * a corrected clock when the server answers `RequestTimeTooSkewed` with a `Date` header. The
 * correction stays in `clock` for the client's later calls.
 */
export async function exchange<R>(input: ExchangeInput<R>): Promise<R> {
  const { transport, context, policy, now, clock, onEvent } = input;
  let tries = 0;
  let sent = 0;
  let skewCorrected = false;
  for (;;) {
    tries++;
    sent++;
    const request = { ...(await input.build(new Date(now().getTime() + clock.offsetMs))), attempt: sent };
    let answer: HttpAnswer | undefined;
    try {
      answer = await transport.send(request, context);
      return input.parse(answer);
    } catch (error) {
      if (isStsServiceError(error) && error.stsCode === 'RequestTimeTooSkewed') {
        const serverDate = error.serverDate;
        const localMs = now().getTime();
        if (!serverDate) {
          throw withServiceDetail(error, 'the local clock differs too much from the server\'s, which sent no Date header to correct by; set the system clock right (NTP)', context);
        }
        if (skewCorrected) {
          throw withServiceDetail(error, `the local clock is ${describeSkew(localMs, serverDate.getTime())}; still refused after correcting for it once; set the system clock right (NTP)`, context);
        }
        skewCorrected = true;
        tries--; // the corrected attempt is on top of the retry budget
        clock.offsetMs = serverDate.getTime() - localMs;
        emitEvent(onEvent, { type: 'clock-skew', action: context.action, offsetMs: clock.offsetMs, serverDate });
        continue;
      }
      const reason = transientReason(error);
      if (reason === undefined || tries >= policy.maxAttempts) throw error;
      // A Retry-After date is the server's clock; compare it with the server's own Date when there is one.
      const serverNow = Date.parse(header(answer, 'date') ?? '');
      const retryAfter = parseRetryAfter(header(answer, 'retry-after'), Number.isNaN(serverNow) ? now().getTime() + clock.offsetMs : serverNow);
      const delayMs = retryAfter === undefined ? backoffDelayMs(tries, policy) : Math.min(retryAfter, policy.maxDelayMs);
      emitEvent(onEvent, {
        type: 'retry',
        action: context.action,
        attempt: sent,
        maxAttempts: policy.maxAttempts,
        delayMs,
        reason,
        fromRetryAfter: retryAfter !== undefined,
      });
      await policy.sleep(delayMs);
    }
  }
}
