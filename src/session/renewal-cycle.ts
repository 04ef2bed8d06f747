import pRetry from 'p-retry';
import { acceptToken, type AcceptedToken, type TokenExpectations } from '../tokens/accept-token.js';
import type { SessionClock } from './clock.js';
import type { Deadline } from './deadline.js';
import { waitUntilOnline, type Environment } from './environment.js';
import { RefreshNetworkError, SessionError } from '../errors/errors.js';
import type { RenewalReason, SessionEvents } from './events.js';
import { fetchToken } from '../tokens/fetch-token.js';
import type { ResolvedRenewalOptions } from '../policy/options.js';
import { summarizeError } from '../tokens/redact.js';
import type { RefreshSource } from '../tokens/refresh-source.js';
import { decideRetry } from '../policy/renewal-policy.js';
import { sleep } from './timer.js';
import type { SessionLog } from '../diagnostics/session-log.js';

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
  /** Retry decisions and the performance track. */
  log: SessionLog;
}

/**
 * Fetches a token with retries and checks it. p-retry owns the loop: attempts, backoff with jitter,
 * the abort signal, and the time limit (the deadline, which a waiting viewer pulls in). The policy
 * (`decideRetry`) says whether to go on, and Retry-After or `online` are waited before p-retry's backoff.
 */
export async function runRenewalCycle(context: CycleContext): Promise<{ token: AcceptedToken; attempts: number }> {
  const { options, signal, deadline, reason, log } = context;
  let attempts = 0;
  let lastError: SessionError = new RefreshNetworkError('No time left before the renewal deadline');
  let next: 'retry' | 'retry-now' | 'stop' = 'retry';
  const bounded = deadline.link(signal, () => lastError);
  try {
    const fetched = await pRetry(
      async (attempt) => {
        attempts = attempt;
        const timeoutMs = Math.min(options.attemptTimeoutMs, deadline.at - Date.now());
        if (timeoutMs <= 0) throw lastError;
        const started = log.mark();
        if (attempt > 1) log.attempting();
        try {
          const fetched = await fetchToken(context.source, { signal: bounded.signal, reason, attempt, documentId: context.expected.documentId }, timeoutMs);
          log.measure('Token request', started, [['trigger', reason], ['attempt', attempt]]);
          return fetched;
        } catch (error) {
          log.measure('Token request', started, [['trigger', reason], ['attempt', attempt], ['status', (error as SessionError).status ?? 'none']], true);
          throw error;
        }
      },
      {
        retries: Infinity, // the policy gives up: a count for a waiting viewer, the deadline for a proactive renewal
        minTimeout: options.minDelayMs,
        maxTimeout: options.maxDelayMs,
        factor: 2,
        randomize: true,
        maxRetryTime: Math.max(0, deadline.at - options.minAttemptMs - Date.now()),
        signal: bounded.signal,
        onFailedAttempt: async ({ error, attemptNumber, retriesConsumed }) => {
          if (!(error instanceof SessionError)) return void (next = 'stop');
          lastError = error;
          next = await beforeRetry(context, error, attemptNumber, retriesConsumed);
        },
        shouldRetry: () => next !== 'stop',
        // Back online: the next attempt goes at once (no backoff, and it does not count as a retry).
        shouldConsumeRetry: () => next !== 'retry-now',
      },
    );
    const checking = log.mark();
    try {
      const token = acceptToken(fetched.jwt, { serverNow: fetched.serverNow, fresh: true }, context.expected, options, context.clock);
      log.measure('Token check', checking, [['trigger', reason]]);
      return { token, attempts };
    } catch (error) {
      log.measure('Token check', checking, [['trigger', reason], ['error', (error as SessionError).code ?? 'unknown']], true);
      throw error;
    }
  } catch (error) {
    if (signal.aborted) throw signal.reason;
    const failure = error instanceof SessionError ? error : new SessionError('Renewal failed', { cause: summarizeError(error) });
    failure.attempts = attempts;
    throw failure;
  } finally {
    bounded.dispose();
  }
}

/** Says whether to retry, after waiting for `online` or the endpoint's Retry-After when the policy says so. */
async function beforeRetry(context: CycleContext, error: SessionError, attempt: number, retriesDone: number): Promise<'retry' | 'retry-now' | 'stop'> {
  const timeLeft = context.deadline.at - Date.now();
  const how = { timeLeftMs: timeLeft, viewerWaiting: context.viewerWaiting(), online: context.env.isOnline() };
  const decision = decideRetry(error, retriesDone, how, context.options);
  const retry = decision.action === 'retry' ? { delayMs: decision.leastDelayMs, retryAfterMs: decision.retryAfterMs } : {};
  context.log.retry(decision.rule, decision.action, { attempt, status: error.status, ...retry });
  if (decision.action === 'give-up') return 'stop';
  if (decision.action === 'wait-online') {
    await waitOnline(context, error);
    return 'retry-now';
  }
  const { leastDelayMs, retryAfterMs } = decision;
  context.events.emit({ type: 'retrying', reason: context.reason, attempt, delayMs: leastDelayMs, status: error.status, error, timeLeftMs: timeLeft - leastDelayMs });
  if (retryAfterMs > 0) await waitRetryAfter(context, retryAfterMs, error);
  return 'retry';
}

/** Waits out Retry-After. A viewer that starts waiting meanwhile, too late for one more attempt, ends the renewal at once. */
async function waitRetryAfter(context: CycleContext, delayMs: number, error: SessionError): Promise<void> {
  context.signal.throwIfAborted();
  const wakeAt = Date.now() + delayMs;
  const stop = new AbortController();
  const forward = () => stop.abort(context.signal.reason);
  context.signal.addEventListener('abort', forward, { once: true });
  const stopWatching = context.deadline.watch(() => {
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
