import pRetry from 'p-retry';
import type { Deadline } from './deadline.js';
import { waitUntilOnline, type Environment } from './environment.js';
import { InvalidTokenError, RefreshNetworkError, SessionError } from './errors.js';
import type { RenewalReason, SessionEvents } from './events.js';
import { fetchToken } from './fetch-token.js';
import type { ResolvedRenewalOptions } from './options.js';
import type { RefreshSource } from './refresh-source.js';
import { planRenewal, type RenewalPlan } from './renewal-plan.js';
import { isRetryable, retryDelay } from './retry-policy.js';
import { sleep } from './timer.js';
import { assertSameDocument, readTokenClaims, type ExpectedDocument, type TokenClaims } from './token.js';

/** A token that passed every check, with its schedule. Its text stays inside the session. */
export interface AcceptedToken {
  jwt: string;
  claims: TokenClaims;
  plan: RenewalPlan;
}

export interface CycleContext {
  source: RefreshSource;
  options: ResolvedRenewalOptions;
  env: Environment;
  events: SessionEvents;
  expected: ExpectedDocument;
  reason: RenewalReason;
  signal: AbortSignal;
  deadline: Deadline;
}

/** Proactive renewal may keep trying until the token runs out; a waiting viewer cannot. */
export const isUnhurried = (reason: RenewalReason): boolean => reason === 'proactive' || reason === 'wake';

/** Fetches a token with retries (p-retry owns the loop, our policy the delays) and checks it. */
export async function runRenewalCycle(context: CycleContext): Promise<{ token: AcceptedToken; attempts: number }> {
  const { options, signal, deadline, reason } = context;
  let attempts = 0;
  try {
    const fetched = await pRetry(
      async (attempt) => {
        attempts = attempt;
        await waitOnline(context);
        const timeoutMs = Math.min(options.attemptTimeoutMs, deadline.at - Date.now());
        if (timeoutMs <= 0) throw new RefreshNetworkError('No time left before the renewal deadline');
        return fetchToken(context.source, { signal, reason, attempt }, timeoutMs);
      },
      {
        // Unhurried renewal has until the token runs out: the deadline, not a count, ends it.
        retries: isUnhurried(reason) ? Infinity : options.retries,
        minTimeout: 0, // our onFailedAttempt waits: Retry-After and the deadline need a say
        signal,
        onFailedAttempt: ({ error, attemptNumber, retriesLeft }) =>
          beforeRetry(context, error as SessionError, attemptNumber, retriesLeft),
      },
    );
    const receivedAt = Date.now();
    return { token: acceptToken(fetched.jwt, receivedAt, fetched.serverDate, context), attempts };
  } catch (error) {
    if (signal.aborted) throw signal.reason;
    const failure = error instanceof SessionError ? error : new SessionError('Renewal failed', { cause: error });
    failure.attempts = attempts;
    throw failure;
  }
}

/** Checks a token before anything is done with it. A fresh token's `iat` tells the server's time. */
export function acceptToken(
  jwt: string,
  receivedAt: number,
  serverNow: number | undefined,
  context: Pick<CycleContext, 'expected' | 'options'>,
  fetched = true,
): AcceptedToken {
  const claims = readTokenClaims(jwt);
  assertSameDocument(claims, context.expected);
  const secondStamp = serverNow ?? (fetched ? claims.issuedAt : undefined);
  // HTTP dates and `iat` are whole seconds: take the latest time they allow, so we renew early, never late.
  const plan = planRenewal(claims, receivedAt, secondStamp === undefined ? undefined : secondStamp + 999, context.options);
  if (plan.expiresAt <= receivedAt) {
    throw new InvalidTokenError('expired', `it expired ${Math.round((receivedAt - plan.expiresAt) / 1000)} s ago`);
  }
  return { jwt, claims, plan };
}

async function beforeRetry(context: CycleContext, error: SessionError, attempt: number, retriesLeft: number) {
  if (!(error instanceof SessionError) || !isRetryable(error) || retriesLeft <= 0) throw error;
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

/** Offline, an attempt cannot succeed: wait for the network (until the deadline) instead of burning retries. */
async function waitOnline(context: CycleContext): Promise<void> {
  if (context.env.isOnline()) return;
  const { signal, dispose } = context.deadline.link(
    context.signal,
    () => new RefreshNetworkError('Offline until the renewal deadline'),
  );
  try {
    await waitUntilOnline(context.env, signal);
  } finally {
    dispose();
  }
}
