import pRetry from 'p-retry';
import { acceptToken, type AcceptedToken, type TokenExpectations } from './accept-token.js';
import type { SessionClock } from './clock.js';
import type { Deadline } from './deadline.js';
import { waitUntilOnline, type Environment } from './environment.js';
import { RefreshNetworkError, SessionError } from './errors.js';
import type { RenewalReason, SessionEvents } from './events.js';
import { fetchToken } from './fetch-token.js';
import type { ResolvedRenewalOptions } from './options.js';
import { summarizeError } from './redact.js';
import type { RefreshSource } from './refresh-source.js';
import { isRetryable, retryDelay } from './retry-policy.js';
import { sleep } from './timer.js';

export interface CycleContext {
  source: RefreshSource;
  options: ResolvedRenewalOptions;
  env: Environment;
  events: SessionEvents;
  clock: SessionClock;
  expected: TokenExpectations;
  reason: RenewalReason;
  signal: AbortSignal;
  deadline: Deadline;
}

/** Proactive renewal may keep trying until the token runs out; a waiting viewer cannot. */
export const isProactive = (reason: RenewalReason): boolean => reason === 'proactive' || reason === 'wake';

/** Fetches a token with retries (p-retry owns the loop, our policy the delays) and checks it. */
export async function runRenewalCycle(context: CycleContext): Promise<{ token: AcceptedToken; attempts: number }> {
  const { options, signal, deadline, reason } = context;
  let attempts = 0;
  try {
    const fetched = await pRetry(
      async (attempt) => {
        attempts = attempt;
        const timeoutMs = Math.min(options.attemptTimeoutMs, deadline.at - Date.now());
        if (timeoutMs <= 0) throw new RefreshNetworkError('No time left before the renewal deadline');
        return fetchToken(context.source, { signal, reason, attempt }, timeoutMs);
      },
      {
        // Proactive renewal has until the token runs out: the deadline, not a count, ends it.
        retries: isProactive(reason) ? Infinity : options.retries,
        minTimeout: 0, // our onFailedAttempt waits: Retry-After and the deadline need a say
        signal,
        onFailedAttempt: ({ error, attemptNumber, retriesLeft }) =>
          beforeRetry(context, error as SessionError, attemptNumber, retriesLeft),
      },
    );
    const token = acceptToken(fetched.jwt, { serverNow: fetched.serverNow, fresh: true }, context.expected, options, context.clock);
    return { token, attempts };
  } catch (error) {
    if (signal.aborted) throw signal.reason;
    const failure = error instanceof SessionError ? error : new SessionError('Renewal failed', { cause: summarizeError(error) });
    failure.attempts = attempts;
    throw failure;
  }
}

async function beforeRetry(context: CycleContext, error: SessionError, attempt: number, retriesLeft: number) {
  if (!(error instanceof SessionError) || !isRetryable(error) || retriesLeft <= 0) throw error;
  // Offline is a hint: it only pauses retries after the network really failed, until `online`.
  if (error instanceof RefreshNetworkError && !context.env.isOnline()) return waitOnline(context, error);
  const timeLeft = context.deadline.at - Date.now();
  const delayMs = retryDelay(error, attempt - 1, timeLeft, context.options);
  if (delayMs === undefined) throw error;
  context.events.emit({
    type: 'retrying',
    reason: context.reason,
    attempt,
    delayMs,
    status: error.status,
    error,
    timeLeftMs: timeLeft - delayMs,
  });
  await waitBeforeRetry(context, delayMs, error);
}

/** Sleeps before the next attempt. A viewer that starts waiting meanwhile may end the renewal at once. */
async function waitBeforeRetry(context: CycleContext, delayMs: number, error: SessionError): Promise<void> {
  context.signal.throwIfAborted();
  const wakeAt = Date.now() + delayMs;
  const stop = new AbortController();
  const forward = () => stop.abort(context.signal.reason);
  context.signal.addEventListener('abort', forward, { once: true });
  const stopWatching = context.deadline.watch(() => {
    // Waking too late for one more attempt before the new deadline: fail now, inside the SDK's window.
    if (wakeAt + context.options.minAttemptMs > context.deadline.at) stop.abort(error);
  });
  try {
    await sleep(delayMs, stop.signal);
  } finally {
    stopWatching();
    context.signal.removeEventListener('abort', forward);
  }
}

/** Waits for the `online` event (until the deadline) instead of spending attempts on a dead network. */
async function waitOnline(context: CycleContext, error: SessionError): Promise<void> {
  const { signal, dispose } = context.deadline.link(context.signal, () => error);
  try {
    await waitUntilOnline(context.env, signal);
  } finally {
    dispose();
  }
}
