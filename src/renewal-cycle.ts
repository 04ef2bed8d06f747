import pRetry from 'p-retry';
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
  /** Mutable: a viewer that starts waiting can pull the deadline in. */
  deadline: { at: number };
}

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
        // Proactive renewal has until the token runs out: the deadline, not a count, ends it.
        retries: reason === 'proactive' || reason === 'wake' ? Infinity : options.retries,
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
  await sleep(delayMs, context.signal);
}

/** Offline, an attempt cannot succeed: wait for the network instead of burning retries. */
async function waitOnline(context: CycleContext): Promise<void> {
  if (context.env.isOnline()) return;
  const giveUp = new AbortController();
  const timer = setTimeout(() => giveUp.abort(new RefreshNetworkError('Offline until the renewal deadline')),
    Math.max(0, context.deadline.at - Date.now()));
  const stop = () => giveUp.abort(context.signal.reason);
  context.signal.addEventListener('abort', stop, { once: true });
  try {
    await waitUntilOnline(context.env, giveUp.signal);
  } finally {
    clearTimeout(timer);
    context.signal.removeEventListener('abort', stop);
  }
}
