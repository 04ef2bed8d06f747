import type { AcceptedToken } from './accept-token.js';
import { TokenNotExtendedError } from './errors.js';
import type { SessionState } from './events.js';
import type { ResolvedRenewalOptions } from './options.js';
import type { RenewalGuard } from './renewal-guard.js';
import type { TokenSharing } from './token-sharing.js';

/** Everything the session knows at one moment; times are session time (`SessionClock.now()`). */
export interface SessionFacts {
  now: number;
  token: AcceptedToken | undefined;
  /** The viewer reported an auth failure with the current token. */
  refused: boolean;
  viewerReady: boolean;
  disposed: boolean;
  renewing: boolean;
  /** The last renewal failed because the machine slept through it (a network error or no time left on wake). */
  failedInSleep: boolean;
  guard: Pick<RenewalGuard, 'ended' | 'stopped' | 'lastFailure' | 'holdUntil'>;
  options: Pick<ResolvedRenewalOptions, 'proactive' | 'failureCooldownMs' | 'minAttemptMs'>;
  sharing: Pick<TokenSharing, 'renewalDue'> | undefined;
}

/** The state, derived from the facts alone: nothing sets it by hand. */
export function derivedState(facts: SessionFacts): SessionState {
  const { token } = facts;
  if (facts.disposed) return 'unloaded';
  if (facts.guard.ended) return 'ended';
  if (facts.guard.stopped) return 'stopped';
  if (!facts.viewerReady) return 'starting';
  if (facts.renewing) return 'renewing';
  if (!token || facts.refused || (token.expiryDue !== undefined && token.expiryDue <= facts.now)) return 'expired';
  return 'active';
}

/**
 * When the next proactive renewal is due. A failure before `renewAt` never moves it later; a
 * failure after it retries at half the time left (at least the cooldown); a token that was not
 * extended waits for its expiry; Retry-After holds it back; another tab may take its turn first.
 */
export function nextRenewalDue(facts: SessionFacts): number | undefined {
  const { token, guard, options } = facts;
  if (!token || !options.proactive || facts.disposed || facts.renewing || guard.ended || guard.stopped) return undefined;
  if (token.renewDue === undefined || token.expiryDue === undefined) return undefined;
  let due = token.renewDue;
  const failure = guard.lastFailure;
  if (failure && failure.error instanceof TokenNotExtendedError) due = token.expiryDue;
  else if (failure && failure.at >= token.renewDue) {
    if (failure.at + options.minAttemptMs < token.expiryDue) {
      due = failure.at + Math.max(options.failureCooldownMs, (token.expiryDue - failure.at) / 2);
    } else if (facts.failedInSleep) {
      due = failure.at; // the machine slept through that renewal: once more, before the viewer needs it
    } else return undefined; // too late for one more attempt: the viewer's next request or a wake-up asks
  } else if (facts.sharing) due = facts.sharing.renewalDue(due, token.expiryDue);
  // Never sooner than the guard lets a trigger through: a due time it would refuse spins the timer.
  const cooldownEnds = failure ? failure.at + options.failureCooldownMs : -Infinity;
  return Math.max(due, guard.holdUntil, cooldownEnds);
}

/** The next moment the timer must look: a renewal due, or the token's expiry (the state changes then). */
export function nextCheck(facts: SessionFacts, state: SessionState): number | undefined {
  if (facts.disposed) return undefined;
  const renewal = nextRenewalDue(facts);
  // The expiry matters once, when it comes: a past one (a renewal in flight after a sleep) is no moment to wait for.
  const expiryDue = facts.token?.expiryDue;
  const expiry = (state === 'active' || state === 'renewing') && expiryDue !== undefined && expiryDue > facts.now ? expiryDue : undefined;
  const moments = [renewal, expiry].filter((at): at is number => at !== undefined);
  return moments.length ? Math.min(...moments) : undefined;
}
