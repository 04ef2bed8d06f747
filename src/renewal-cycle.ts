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
import { decideRetry } from './renewal-policy.js';
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
  /** Whether the viewer is waiting on this renewal now (it may start to, midway). */
  viewerWaiting: () => boolean;
  /** Aborts when the viewer starts waiting: a wait for `online` ends and the next attempt goes. */
  hurried: AbortSignal;
}

/** Fetches a token with retries (p-retry runs the loop; `decideRetry` in the policy says whether and how long to wait) and checks it. */
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
        retries: Infinity, // decideRetry gives up: a count for a waiting viewer, the deadline for a proactive renewal
        minTimeout: 0, // our onFailedAttempt waits: the policy decides
        signal,
        onFailedAttempt: ({ error, attemptNumber }) => beforeRetry(context, error as SessionError, attemptNumber),
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

async function beforeRetry(context: CycleContext, error: SessionError, attempt: number) {
  if (!(error instanceof SessionError)) throw error;
  const timeLeft = context.deadline.at - Date.now();
  const how = { timeLeftMs: timeLeft, viewerWaiting: context.viewerWaiting(), online: context.env.isOnline() };
  const decision = decideRetry(error, attempt - 1, how, context.options);
  if (decision.action === 'give-up') throw error;
  if (decision.action === 'wait-online') return waitOnline(context, error);
  const { delayMs } = decision;
  context.events.emit({ type: 'retrying', reason: context.reason, attempt, delayMs, status: error.status, error, timeLeftMs: timeLeft - delayMs });
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

/** Waits for the `online` event (until the deadline, or until the viewer starts waiting) instead of spending attempts on a dead network. */
async function waitOnline(context: CycleContext, error: SessionError): Promise<void> {
  const { hurried } = context;
  if (hurried.aborted) return;
  const either = new AbortController();
  const onHurry = () => either.abort(hurried.reason);
  const onAbort = () => either.abort(context.signal.reason);
  hurried.addEventListener('abort', onHurry, { once: true });
  context.signal.addEventListener('abort', onAbort, { once: true });
  const { signal, dispose } = context.deadline.link(either.signal, () => error);
  try {
    await waitUntilOnline(context.env, signal);
  } catch (reason) {
    if (context.signal.aborted || !hurried.aborted) throw reason; // the viewer is waiting: try now
  } finally {
    dispose();
    hurried.removeEventListener('abort', onHurry);
    context.signal.removeEventListener('abort', onAbort);
  }
}
