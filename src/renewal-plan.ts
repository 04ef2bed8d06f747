import type { TokenClaims } from './token.js';

export interface RenewalTiming {
  /** Renew this long before expiry at most... */
  earlyMs: number;
  /** ...and at most this fraction of the token's lifetime, so short tokens never look due at once. */
  earlyRatio: number;
  /** Never renew proactively sooner than this after receiving a token: the loop floor. */
  minIntervalMs: number;
}

export interface RenewalPlan {
  /** When the token expires, in this browser's clock (Date.now()). */
  expiresAt: number;
  /** When to renew it, in this browser's clock. */
  renewAt: number;
  lifetimeMs: number;
}

/**
 * Plans from the time the token was received and its own lifetime, not from comparing `exp` with
 * the local clock: a client clock minutes ahead or behind then neither loops nor lets it expire.
 *
 * `serverNow` is the server's time at receipt when known (Date header, or `iat` of a token we just
 * fetched); otherwise the local clock, with the remaining life capped at `exp - iat`.
 */
export function planRenewal(
  claims: TokenClaims,
  receivedAt: number,
  serverNow: number | undefined,
  timing: RenewalTiming,
): RenewalPlan {
  const lifetimeFromIat = claims.issuedAt === undefined ? Infinity : claims.expiresAt - claims.issuedAt;
  const remaining = Math.min(claims.expiresAt - (serverNow ?? receivedAt), lifetimeFromIat);
  const lifetimeMs = Number.isFinite(lifetimeFromIat) ? lifetimeFromIat : Math.max(remaining, 0);
  const expiresAt = receivedAt + remaining;
  const margin = Math.min(timing.earlyMs, lifetimeMs * timing.earlyRatio);
  const renewAt = Math.max(expiresAt - margin, receivedAt + Math.min(timing.minIntervalMs, remaining / 2));
  return { expiresAt, renewAt, lifetimeMs };
}
