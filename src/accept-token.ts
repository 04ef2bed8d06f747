import type { SessionClock } from './clock.js';
import { InvalidTokenError, TokenNotExtendedError } from './errors.js';
import type { ResolvedRenewalOptions } from './options.js';
import { planRenewal, type RenewalPlan } from './renewal-plan.js';
import { assertSameDocument, readTokenClaims, type ExpectedDocument, type TokenClaims } from './token.js';

/** A token that passed every check, with its schedule. Its text stays inside the session. */
export interface AcceptedToken {
  jwt: string;
  claims: TokenClaims;
  /** In this browser's wall clock at receipt: what events report. */
  plan: RenewalPlan;
  /** When to renew and when it expires in session time (`SessionClock.now()`): what timers follow. */
  renewDue: number | undefined;
  expiryDue: number | undefined;
}

export interface TokenExpectations extends ExpectedDocument {
  /** The token the viewer has now: a new one must expire later, or it changes nothing. */
  current?: AcceptedToken | undefined;
  /** The viewer refused `current`: a different token with the same expiry is still worth a try. */
  currentRefused?: boolean;
  /** The app asked for this token (`renew()`): any valid token but the current one is taken, even one that expires sooner. */
  asked?: boolean;
}

/**
 * Every check a token passes before anything is done with it. `serverNow` is the server's time at
 * receipt when known; `fresh` says the token was fetched just now (its `iat` then tells the server's time).
 */
export function acceptToken(
  jwt: string,
  { serverNow, fresh }: { serverNow: number | undefined; fresh: boolean },
  expected: TokenExpectations,
  options: ResolvedRenewalOptions,
  clock: SessionClock,
): AcceptedToken {
  const receivedAt = clock.wall();
  const now = clock.now();
  const claims = readTokenClaims(jwt);
  assertSameDocument(claims, expected);
  const { current } = expected;
  if (current && !extends_(claims, jwt, current, expected)) throw new TokenNotExtendedError();
  const plan = planRenewal(claims, receivedAt, { serverNow, fresh }, options);
  if (plan.expiresAt !== undefined && plan.expiresAt <= receivedAt) {
    throw new InvalidTokenError('expired', `it expired ${Math.round((receivedAt - plan.expiresAt) / 1000)} s ago`);
  }
  const toSession = (at: number | undefined) => (at === undefined ? undefined : now + (at - receivedAt));
  return { jwt, claims, plan, renewDue: toSession(plan.renewAt), expiryDue: toSession(plan.expiresAt) };
}

function extends_(claims: TokenClaims, jwt: string, current: AcceptedToken, expected: TokenExpectations): boolean {
  if (claims.expiresAt > current.claims.expiresAt) return true;
  if (jwt === current.jwt) return false;
  return Boolean(expected.asked) || (Boolean(expected.currentRefused) && claims.expiresAt === current.claims.expiresAt);
}
