import type { SessionClock } from '../session/clock.js';
import { InvalidTokenError, TokenNotExtendedError } from '../errors/errors.js';
import type { ResolvedRenewalOptions } from '../policy/options.js';
import { extendsCurrent, planRenewal, type RenewalPlan, type ServerTime } from '../policy/renewal-policy.js';
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
  /** The server's clock minus this browser's at receipt (Date header, `serverNow`, or a fresh token's `iat`); undefined when unknown. */
  skewMs: number | undefined;
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
 * receipt when known; `fresh` says the token was fetched just now (its `iat` then tells the server's time);
 * `remainingAtMostMs`, another tab's reading, may only shorten the plan.
 */
export function acceptToken(
  jwt: string,
  time: ServerTime,
  expected: TokenExpectations,
  options: ResolvedRenewalOptions,
  clock: SessionClock,
): AcceptedToken {
  const receivedAt = clock.wall();
  const now = clock.now();
  const claims = readTokenClaims(jwt);
  assertSameDocument(claims, expected);
  const { current } = expected;
  const how = { asked: Boolean(expected.asked), refused: Boolean(expected.currentRefused) };
  if (current && !extendsCurrent(claims, jwt, current, how)) throw new TokenNotExtendedError();
  const plan = planRenewal(claims, receivedAt, time, options);
  if (plan.expiresAt !== undefined && plan.expiresAt <= receivedAt) {
    throw new InvalidTokenError('expired', `it expired ${Math.round((receivedAt - plan.expiresAt) / 1000)} s ago`);
  }
  const toSession = (at: number | undefined) => (at === undefined ? undefined : now + (at - receivedAt));
  const serverAt = time.serverNow ?? (time.fresh ? claims.issuedAt : undefined);
  const skewMs = serverAt === undefined ? undefined : serverAt - receivedAt;
  return { jwt, claims, plan, renewDue: toSession(plan.renewAt), expiryDue: toSession(plan.expiresAt), skewMs };
}
