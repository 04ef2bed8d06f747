import type { TokenClaims } from './token.js';

export interface RenewalTiming {
  /** Renew this long before expiry at most... */
  earlyMs: number;
  /** ...and at most this fraction of the token's lifetime, so short tokens never look due at once. */
  earlyRatio: number;
  /** Never renew proactively sooner than this after receiving a token: the loop floor. */
  minIntervalMs: number;
}

/** When a token expires and when to renew it, in this browser's clock (`Date.now()`). */
export interface RenewalPlan {
  /** Undefined when no reading can tell (a fresh token without `iat`, no server time, and a clock that calls it expired). */
  expiresAt: number | undefined;
  renewAt: number | undefined;
  lifetimeMs: number | undefined;
}

/** What the session knows about the server's clock when a token arrives. */
export interface ServerTime {
  /** The server's time at receipt (Date header, or `serverNow` from a refresh function), when known. */
  serverNow: number | undefined;
  /** The token was fetched just now, so its `iat` is close to the server's time. */
  fresh: boolean;
}

/**
 * Plans from the time the token was received and what is certain about its remaining life: the
 * server's time when known; otherwise this browser's clock, capped by the lifetime `exp - iat`;
 * where readings disagree, the earlier renewal wins. A client clock minutes ahead or behind then
 * neither loops nor lets the token expire, and a cached token is not taken for a fresh one.
 */
export function planRenewal(claims: TokenClaims, receivedAt: number, time: ServerTime, timing: RenewalTiming): RenewalPlan {
  const remaining = remainingAtReceipt(claims, receivedAt, time);
  if (remaining === undefined) return { expiresAt: undefined, renewAt: undefined, lifetimeMs: undefined };
  const lifetimeMs = claims.issuedAt === undefined ? Math.max(remaining, 0) : claims.expiresAt - claims.issuedAt;
  const expiresAt = receivedAt + remaining;
  const margin = Math.min(timing.earlyMs, lifetimeMs * timing.earlyRatio);
  const renewAt = Math.max(expiresAt - margin, receivedAt + Math.min(timing.minIntervalMs, remaining / 2));
  return { expiresAt, renewAt, lifetimeMs };
}

/** Whole-second server times (Date, iat) are read as late as they allow: renew early, never late. */
const SECOND = 999;

function remainingAtReceipt(claims: TokenClaims, receivedAt: number, time: ServerTime): number | undefined {
  const { expiresAt: exp, issuedAt: iat } = claims;
  const lifetime = iat === undefined ? Infinity : exp - iat;
  if (time.serverNow !== undefined) return Math.min(exp - (time.serverNow + SECOND), lifetime);
  const byClient = exp - receivedAt;
  // A fresh token was issued about now by the server's clock: its iat is the server's time.
  const byIat = time.fresh && iat !== undefined ? exp - (iat + SECOND) : Infinity;
  if (byClient > 0) return Math.min(byClient, byIat, lifetime);
  // This browser's clock calls it expired. A fresh token with iat says this clock is ahead; a
  // fresh one without iat leaves nothing to plan from; a token the page held has expired.
  if (time.fresh) return Number.isFinite(byIat) ? byIat : undefined;
  return byClient;
}
