// policy/: the rules. `renewal-policy.ts` holds every rule that decides whether and when the
// session asks for a token, as pure functions of what the session knows (`SessionFacts`);
// `options.ts` and `configuration.ts` check the options, `renewal-method.ts` picks setSession or
// swap. The Renewer, the timer, the requests, the hand-over to the viewer and the tab channel carry
// out these decisions and record facts; none of them decides. A rule change touches this file. Read it top to bottom:
//   1. numbers    2. planning a token    3. the state    4. triggers (ask, join, refuse, stop)
//   5. the timer (when the next proactive renewal is due)    6. retries inside one renewal
//   7. other tabs    8. hand-over for viewers without setSession    9. the user's work at an end
import {
  RefreshHttpError,
  RefreshNetworkError,
  RefreshTimeoutError,
  RenewalLoopError,
  SessionEndedError,
  SessionUnloadedError,
  TokenNotExtendedError,
  type SessionError,
} from '../errors/errors.js';
import type { AcceptedToken } from '../tokens/accept-token.js';
import type { RuleName } from './decision-reasons.js';
import type { RenewalReason, SessionState } from '../session/events.js';
import type { ResolvedRenewalOptions } from './options.js';
import type { TokenClaims } from '../tokens/token.js';

// ── 1. Numbers that are not options ─────────────────────────────────────────────────────────────
/** The wall clock running this much further than the monotonic one between two readings is a sleep. */
export const SLEEP_THRESHOLD_MS = 5_000;
/**
 * User input (pointer, key, wheel, touch) after this long without any is a moment the machine may
 * have slept in, unannounced: the clocks are read again then, in the input's own task, before the
 * viewer can send the request the input leads to. A sleep that matters is longer than the sleep
 * threshold, and nobody types on a sleeping laptop, so no such sleep hides inside a shorter pause.
 * Inputs closer together cost one `Date.now()` each and nothing else.
 */
export const INPUT_PAUSE_MS = SLEEP_THRESHOLD_MS;

/** Whether an input at `now` (`Date.now()`) comes after a pause long enough to hide a sleep. */
export function isInputAfterPause(lastInputAt: number, now: number): boolean {
  return Math.abs(now - lastInputAt) >= INPUT_PAUSE_MS;
}
/** Whole-second server times (Date, iat) are read as late as they allow: renew early, never late. */
const SECOND = 999;
/** Sharing: how long a tab that announced its turn listens for a competing announcement. */
const SETTLE_MS = 250;
/** A swap or reload is taken to need this long before one was measured (a second viewer loads and draws). */
const FIRST_HAND_OVER_GUESS_MS = 5_000;
/** The next hand-over is given this multiple of the last one's measured time. */
const HAND_OVER_LEAD_FACTOR = 1.5;
/** What a swap needs before the old token runs out, at the least (load, restore, draw). */
const LAST_MOMENT_RESERVE_MS = 3_000;
/** The loop breaker's hold doubles with each trip, up to this many loop windows... */
const MAX_STOP_HOLD_WINDOWS = 10;
/** ...and trips older than this are forgotten. */
const TRIP_MEMORY_MS = 3_600_000;

// ── Facts ──────────────────────────────────────────────────────────────────────────────────────
/** A failed renewal; `inSleep`: the machine slept through it (a network error or no time left on wake). */
export interface Failure {
  at: number;
  error: SessionError;
  inSleep: boolean;
}

/** What happened so far; times are session time (`SessionClock.now()`). Recorded by the Renewer, read here. */
export interface History {
  lastFailure: Failure | undefined;
  failuresInARow: number;
  ended: SessionEndedError | undefined;
  stopped: RenewalLoopError | undefined;
  /** The loop breaker's trips: how many in a row (see TRIP_MEMORY_MS) and the last one's time. */
  trips: { count: number; lastAt: number };
  /** When each renewal of the last loop window sent its first request. */
  cycles: readonly number[];
}

/** One tab's place in the sharing queue and what it heard (session times). */
export interface SharingFacts {
  graceMs: number;
  /** When another tab announced a renewal that wins over ours. */
  claimedAt: number | undefined;
  /** When this tab announced its own proactive renewal, still settling. */
  ownClaimAt: number | undefined;
  jitterMs: number;
  /** Where between its lowest and highest cap this tab stops waiting on others (0..1). */
  capShare: number;
  /** Another tab's token kept for when this tab's renewal is due (viewers whose hand-over is costly). */
  kept: AcceptedToken | undefined;
}

/** A renewal in flight. `startAt`: when its first request may go (a spaced-out `renew()` waits). */
export interface FlightFacts {
  startAt: number;
  /** The token is being handed to the viewer (a swap or reload in progress). */
  handingOver: boolean;
}

/** Everything the session knows at one moment. */
export interface SessionFacts {
  now: number;
  token: AcceptedToken | undefined;
  /** The viewer reported an auth failure with the current token. */
  refused: boolean;
  viewerReady: boolean;
  disposed: boolean;
  flight: FlightFacts | undefined;
  history: History;
  options: ResolvedRenewalOptions;
  sharing: SharingFacts | undefined;
  /** How long handing a token to the viewer takes: 0 for setSession, measured for a swap or reload. */
  handOverMs: number;
}

// ── 2. Planning a token ──────────────────────────────────────────────────────────────────────────
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
  /** Another tab's reading of the time left: it may only shorten this tab's own reading, never lengthen it. */
  remainingAtMostMs?: number | undefined;
}

/**
 * Plans from the time the token was received and what is certain about its remaining life: the
 * server's time when known; otherwise this browser's clock, capped by the lifetime `exp - iat`;
 * where readings disagree, the earlier renewal wins. The margin is `earlyMs`, at most `earlyRatio`
 * of the lifetime; never sooner than `minIntervalMs` after receipt (the loop floor).
 */
export function planRenewal(
  claims: TokenClaims,
  receivedAt: number,
  time: ServerTime,
  timing: Pick<ResolvedRenewalOptions, 'earlyMs' | 'earlyRatio' | 'minIntervalMs'>,
): RenewalPlan {
  const byReadings = remainingAtReceipt(claims, receivedAt, time);
  if (byReadings === undefined) return { expiresAt: undefined, renewAt: undefined, lifetimeMs: undefined };
  const remaining = Math.min(byReadings, time.remainingAtMostMs ?? Infinity);
  const lifetimeMs = claims.issuedAt === undefined ? Math.max(remaining, 0) : claims.expiresAt - claims.issuedAt;
  const expiresAt = receivedAt + remaining;
  const margin = Math.min(timing.earlyMs, lifetimeMs * timing.earlyRatio);
  const renewAt = Math.max(expiresAt - margin, receivedAt + Math.min(timing.minIntervalMs, remaining / 2));
  return { expiresAt, renewAt, lifetimeMs };
}

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

/**
 * Whether `next` may replace `current`: it must expire later. The same expiry from another token is
 * worth a try after the viewer refused the current one; the app's `renew()` takes any other token.
 */
export function extendsCurrent(next: TokenClaims, jwt: string, current: AcceptedToken, how: { asked: boolean; refused: boolean }): boolean {
  if (next.expiresAt > current.claims.expiresAt) return true;
  if (jwt === current.jwt) return false;
  return how.asked || (how.refused && next.expiresAt === current.claims.expiresAt);
}

// ── 3. The state, derived from the facts alone: nothing sets it by hand ─────────────────────────
export function derivedState(facts: SessionFacts): SessionState {
  const { token, history } = facts;
  if (facts.disposed) return 'unloaded';
  if (history.ended) return 'ended';
  if (!facts.viewerReady) return 'starting';
  if (facts.flight) return 'renewing'; // a stopped session tries again once the loop breaker's hold is over
  if (history.stopped) return 'stopped';
  if (!token || facts.refused || (token.expiryDue !== undefined && token.expiryDue <= facts.now)) return 'expired';
  return 'active';
}

// ── 4. Triggers ─────────────────────────────────────────────────────────────────────────────────
/** What to do with a trigger. `rule` names the rule that decided (its words: decision-reasons.ts). */
export type Decision =
  /** Start a renewal whose first request goes at `startAt` (session time; now or later). */
  | { action: 'ask'; startAt: number; rule: RuleName }
  /** Answer with this error and no request; `stops`: this refusal trips the loop breaker (report it once). */
  | { action: 'refuse'; error: SessionError; stops: boolean; rule: RuleName };

/** A renewal that may keep trying until the token runs out: nobody is waiting on it yet. */
export const isProactive = (reason: RenewalReason): boolean => reason === 'proactive' || reason === 'wake';

/** The rule behind a trigger that gets its request at once. */
const triggerRule: Record<RenewalReason, RuleName> = {
  initial: 'first-token',
  'auth-failed': 'viewer-needs-token',
  proactive: 'renewal-due',
  wake: 'woke',
  manual: 'app-asked',
  'other-tab': 'other-tab',
};

/**
 * A trigger with no renewal in flight. The viewer's `onAuthFailed` and the timer are refused during
 * the cooldown after a failure (the SDK's bursts), while Retry-After holds, once the user is signed
 * out, and while the loop breaker holds; once that hold is over they get an attempt again. The
 * app's `renew()` is never refused but for a loop: it waits out Retry-After, a spacing that doubles
 * with each failure in a row, and the loop breaker's hold. Every renewal counts toward the breaker.
 */
export function decideTrigger(facts: SessionFacts, reason: RenewalReason): Decision {
  const { now, history, options } = facts;
  if (facts.disposed) return refuse(new SessionUnloadedError(), 'unloaded');
  const inWindow = cyclesInWindow(facts);
  if (reason === 'manual') {
    if (inWindow >= options.loopLimit && !history.stopped) return trip(facts, inWindow);
    const startAt = Math.max(now, holdUntil(facts), manualSpacingEnd(facts), stopHoldEnd(facts));
    return { action: 'ask', startAt, rule: startAt > now ? 'app-asked-spaced' : 'app-asked' };
  }
  if (history.ended) return refuse(history.ended, 'signed-out');
  if (history.stopped && now < stopHoldEnd(facts)) return refuse(history.stopped, 'loop-hold');
  const failure = history.lastFailure;
  if (failure && now < holdUntil(facts)) return refuse(failure.error, 'retry-after-hold');
  if (failure && now < failure.at + options.failureCooldownMs) return refuse(failure.error, 'cooldown');
  if (inWindow >= options.loopLimit) return trip(facts, inWindow);
  return { action: 'ask', startAt: now, rule: triggerRule[reason] };
}

/**
 * A trigger while a renewal is in flight: it joins it. The viewer waiting (`onAuthFailed`) hurries a
 * renewal that has not sent its request yet to the earliest moment the rules allow, and ends its
 * wait for `online` (the viewer's own failed request proves more than a stale `offline` event). A
 * viewer that could not be answered within its budget is refused now instead of waiting.
 */
export function decideJoin(
  facts: SessionFacts,
  reason: RenewalReason,
): { startAt: number; hurry: boolean; rule: RuleName } | Extract<Decision, { action: 'refuse' }> {
  const flight = facts.flight!;
  if (reason !== 'auth-failed') return { startAt: flight.startAt, hurry: false, rule: 'join-in-flight' };
  const earliest = Math.max(facts.now, holdUntil(facts), cooldownEnd(facts), facts.history.stopped ? stopHoldEnd(facts) : 0);
  const startAt = Math.min(flight.startAt, earliest);
  if (startAt > facts.now + facts.options.budgetMs - facts.options.minAttemptMs) {
    const error = facts.history.stopped ?? facts.history.lastFailure?.error ?? new RenewalLoopError('Renewal is held back');
    return refuse(error, 'join-over-budget');
  }
  return { startAt, hurry: true, rule: 'join-hurry' };
}

/** Until when the endpoint's Retry-After holds renewal back (capped at `maxHoldMs`); 0 when it does not. */
export function holdUntil({ history, options }: SessionFacts): number {
  const failure = history.lastFailure;
  const retryAfter = failure?.error instanceof RefreshHttpError ? failure.error.retryAfterMs : undefined;
  return failure && retryAfter !== undefined ? failure.at + Math.min(retryAfter, options.maxHoldMs) : 0;
}

function cooldownEnd({ history, options }: SessionFacts): number {
  return history.lastFailure ? history.lastFailure.at + options.failureCooldownMs : 0;
}

/** Repeated `renew()` after failures: 2 s, doubling with each failure in a row, up to `maxHoldMs`. */
function manualSpacingEnd({ history, options }: SessionFacts): number {
  if (!history.lastFailure) return 0;
  const spacing = Math.min(options.failureCooldownMs * 2 ** Math.max(0, history.failuresInARow - 1), options.maxHoldMs);
  return history.lastFailure.at + spacing;
}

/** The loop breaker holds one loop window after its first trip, doubling with each trip in a row. */
function stopHoldEnd({ history, options }: SessionFacts): number {
  const { count, lastAt } = history.trips;
  if (!count) return 0;
  return lastAt + options.loopWindowMs * Math.min(2 ** (count - 1), MAX_STOP_HOLD_WINDOWS);
}

function cyclesInWindow({ history, options, now }: SessionFacts): number {
  return history.cycles.filter((at) => now - at < options.loopWindowMs).length;
}

/** How many trips in a row the next one makes: trips older than TRIP_MEMORY_MS are forgotten. */
export function nextTripCount(history: History, now: number): number {
  return history.trips.count && now - history.trips.lastAt < TRIP_MEMORY_MS ? history.trips.count + 1 : 1;
}

function trip(facts: SessionFacts, inWindow: number): Decision {
  const error = new RenewalLoopError(
    `${inWindow} renewals within ${facts.options.loopWindowMs} ms: renewal stopped to avoid a loop; call session.renew() to resume`,
  );
  return { action: 'refuse', error, stops: true, rule: 'loop-breaker' };
}

function refuse(error: SessionError, rule: RuleName): Extract<Decision, { action: 'refuse' }> {
  return { action: 'refuse', error, stops: false, rule };
}

// ── 5. The timer ────────────────────────────────────────────────────────────────────────────────
/**
 * When the next proactive renewal is due. A failure before `renewAt` never moves it later; a
 * failure after it retries at half the time left (at least the cooldown); a token that was not
 * extended waits for its expiry; Retry-After holds it back; another tab may take its turn first;
 * a costly hand-over (swap) starts early enough to finish before expiry.
 */
export function nextRenewalDue(facts: SessionFacts): number | undefined {
  return planNextRenewal(facts).at;
}

/** `nextRenewalDue` and the rule that set it (for logs and `diagnose()`); `at` undefined when none is planned. */
export function planNextRenewal(facts: SessionFacts): { at: number | undefined; rule: RuleName } {
  const { token, history, options, flight } = facts;
  const none = (rule: RuleName = 'plan-none') => ({ at: undefined, rule });
  // Nothing to renew for before the viewer is there: load() authenticates with the token it was given.
  if (!token || !facts.viewerReady || !options.proactive || facts.disposed || flight || history.ended) return none();
  if (token.renewDue === undefined || token.expiryDue === undefined) return none();
  const lead = handOverLead(token, facts.handOverMs);
  const renewDue = token.renewDue - lead;
  let due = renewDue;
  let rule: RuleName = lead ? 'plan-hand-over-lead' : 'plan-margin';
  const failure = history.lastFailure;
  if (failure && failure.error instanceof TokenNotExtendedError) [due, rule] = [token.expiryDue, 'plan-not-extended'];
  else if (failure && failure.at >= renewDue) {
    const retryAt = failure.at + Math.max(options.failureCooldownMs, (token.expiryDue - failure.at) / 2);
    if (retryAt + options.minAttemptMs <= token.expiryDue) {
      [due, rule] = [retryAt, 'plan-retry-half'];
    } else if (failure.inSleep) {
      [due, rule] = [failure.at, 'plan-after-sleep']; // the machine slept through that renewal: once more, before the viewer needs it
    } else if (facts.handOverMs > 0) {
      // A viewer renewed by a swap (an old SDK) has no onAuthFailed: nobody else would ask. After the cooldown, again.
      [due, rule] = [failure.at + options.failureCooldownMs, 'plan-retry-swap'];
    } else return none('plan-too-late'); // too late for one more attempt: the viewer's next request or a wake-up asks
  } else if (facts.sharing) {
    const turn = sharedTurnDue(facts.sharing, due, token.expiryDue);
    if (turn > due) rule = 'plan-sharing-turn';
    due = turn;
  }
  // Never sooner than a trigger would be let through: a due time it would refuse spins the timer.
  // (A stopped session renews again once the loop breaker's hold is over: a viewer without
  // onAuthFailed, an old SDK's, has no other way back.)
  const holds: [number, RuleName][] = [[holdUntil(facts), 'retry-after-hold'], [cooldownEnd(facts), 'cooldown'], [history.stopped ? stopHoldEnd(facts) : 0, 'loop-hold']];
  for (const [until, holdRule] of holds) if (until > due) [due, rule] = [until, holdRule];
  return { at: due, rule };
}

/** The next moment the timer must look: a renewal due, or the token's expiry (the state changes then). */
export function nextCheck(facts: SessionFacts): number | undefined {
  if (facts.disposed) return undefined;
  const state = derivedState(facts);
  const renewal = nextRenewalDue(facts);
  // The expiry matters once, when it comes: a past one (a renewal in flight after a sleep) is no moment to wait for.
  const expiryDue = facts.token?.expiryDue;
  const expiry = (state === 'active' || state === 'renewing') && expiryDue !== undefined && expiryDue > facts.now ? expiryDue : undefined;
  const moments = [renewal, expiry].filter((at): at is number => at !== undefined);
  return moments.length ? Math.min(...moments) : undefined;
}

/** What the timer or a wake-up does now. */
export type TimerDecision =
  | { action: 'nothing' }
  /** Sharing: tell the other tabs this tab is about to renew, and look again once that has settled. */
  | { action: 'announce'; rule: RuleName }
  /** Hand over the token another tab shared, instead of asking for one. */
  | { action: 'use-kept'; rule: RuleName }
  | { action: 'renew'; reason: 'proactive' | 'wake'; rule: RuleName };

export function decideTimer(facts: SessionFacts, cause: 'timer' | 'wake'): TimerDecision {
  const reason = cause === 'wake' ? 'wake' : 'proactive';
  // After a wake the viewer may be about to ask: an expired token is renewed at once, not at the next tick.
  if (cause === 'wake' && derivedState(facts) === 'expired' && facts.options.proactive && !facts.flight && !facts.history.ended) {
    return { action: 'renew', reason, rule: 'woke-expired' };
  }
  const due = nextRenewalDue(facts);
  if (due === undefined || due > facts.now) return { action: 'nothing' };
  const { sharing } = facts;
  if (sharing?.kept && keptIsUsable(facts, sharing.kept)) return { action: 'use-kept', rule: 'use-kept' };
  if (sharing && sharing.ownClaimAt === undefined) return { action: 'announce', rule: 'announce-turn' };
  if (sharing && facts.now < sharing.ownClaimAt! + SETTLE_MS) return { action: 'nothing' };
  return { action: 'renew', reason, rule: 'renewal-due' };
}

// ── 6. Retries inside one renewal ───────────────────────────────────────────────────────────────
const retryableStatuses = new Set([408, 429, 500, 502, 503, 504]);

/** Transient failures are retried; 400/401/403/404, bad answers and bad tokens are not. */
export function isRetryable(error: SessionError): boolean {
  if (error instanceof RefreshHttpError) return retryableStatuses.has(error.status!);
  return error instanceof RefreshNetworkError || error instanceof RefreshTimeoutError;
}

/**
 * After a failed attempt: give up, wait for `online`, or retry. p-retry runs the loop and its
 * backoff (doubling from `minDelayMs` up to `maxDelayMs`, randomized up to twice that); Retry-After
 * is waited on top of it, so it is a lower bound and never a reason to wait less. A renewal the
 * viewer waits on has at most `retries` retries; a proactive one tries until its deadline (the
 * token's expiry). p-retry's backoff shrinks to leave `minAttemptMs` for a last attempt before the
 * deadline; a Retry-After that does not leave it gives up.
 * Only a proactive renewal nobody waits on pauses for `online` after a network error while offline.
 */
export function decideRetry(
  error: SessionError,
  retriesDone: number,
  how: { timeLeftMs: number; viewerWaiting: boolean; online: boolean },
  options: Pick<ResolvedRenewalOptions, 'retries' | 'minDelayMs' | 'maxDelayMs' | 'minAttemptMs' | 'maxHoldMs'>,
): { action: 'give-up'; rule: RuleName } | { action: 'wait-online'; rule: RuleName } | { action: 'retry'; retryAfterMs: number; leastDelayMs: number; rule: RuleName } {
  if (!isRetryable(error)) return { action: 'give-up', rule: 'not-retryable' };
  if (how.viewerWaiting && retriesDone >= options.retries) return { action: 'give-up', rule: 'retries-used' };
  if (error instanceof RefreshNetworkError && !how.online && !how.viewerWaiting) return { action: 'wait-online', rule: 'wait-online' };
  const retryAfterMs = Math.min(error instanceof RefreshHttpError ? (error.retryAfterMs ?? 0) : 0, options.maxHoldMs);
  // p-retry shrinks its backoff to the time left (maxRetryTime); Retry-After cannot shrink.
  if (retryAfterMs + options.minAttemptMs > how.timeLeftMs) return { action: 'give-up', rule: 'no-time-left' };
  const leastBackoffMs = Math.min(backoffFloor(retriesDone, options), how.timeLeftMs - options.minAttemptMs - retryAfterMs);
  return { action: 'retry', retryAfterMs, leastDelayMs: retryAfterMs + leastBackoffMs, rule: retryAfterMs > 0 ? 'retry-after' : 'retry-backoff' };
}

/** The least p-retry waits before retry `retriesDone + 1` (before its randomization). */
export function backoffFloor(retriesDone: number, options: Pick<ResolvedRenewalOptions, 'minDelayMs' | 'maxDelayMs'>): number {
  return Math.min(options.minDelayMs * 2 ** retriesDone, options.maxDelayMs);
}

// ── 7. Other tabs ───────────────────────────────────────────────────────────────────────────────
/** A new token: this tab's place in the queue for the next renewal. Visible tabs go first. */
export function sharingPlace(visible: boolean, random: () => number = Math.random): Pick<SharingFacts, 'jitterMs' | 'capShare'> {
  return { jitterMs: visible ? random() * 250 : 1_000 + random() * 2_000, capShare: (visible ? 0 : 0.5) + random() * 0.5 };
}

/**
 * When this tab starts its own proactive renewal with sharing on: after its jitter, or after a grace
 * period when another tab announced one, and no later than its cap, between halfway and 60 % of the
 * way from `due` to expiry (visible tabs first). A tab that announced just before its cap gets its
 * settle time (up to three quarters of the way): tabs that all waited on one that died take one turn, not one each.
 */
function sharedTurnDue(sharing: SharingFacts, due: number, expiry: number): number {
  const window = Math.max(0, expiry - due);
  const heard = sharing.claimedAt === undefined ? -Infinity : sharing.claimedAt + 2 * SETTLE_MS;
  const latest = Math.min(Math.max(due + window * (0.5 + 0.1 * sharing.capShare), heard), due + window * 0.75);
  const claimed = sharing.claimedAt === undefined ? -Infinity : sharing.claimedAt + sharing.graceMs + sharing.jitterMs;
  const settled = sharing.ownClaimAt === undefined ? -Infinity : sharing.ownClaimAt + SETTLE_MS;
  // Our own announcement always gets its settle time: clipped by the cap, the timer would spin until it ends.
  return Math.max(Math.min(Math.max(due + sharing.jitterMs, claimed), latest), settled);
}

/** Two announcements crossed: the lower tab id goes on, the other waits for its token. */
export const winsTurn = (ownTab: string, otherTab: string): boolean => ownTab < otherTab;

/** Claims that say what a token may do (all but the time claims): another tab's token must match ours in every one. */
const TIME_CLAIMS = new Set(['exp', 'iat', 'nbf', 'jti']);
export const isTimeClaim = (name: string): boolean => TIME_CLAIMS.has(name);

/**
 * Another tab's token, already checked like our own (document, layer, later expiry): apply it now,
 * keep it for when this tab's renewal is due, or ignore it. It must carry the same rights as ours
 * (a read-only preview tab's token never reaches an editor). With setSession a hand-over is cheap:
 * now. A swap or reload is not: a viewer whose token is fine keeps it until its renewal is due, and
 * a hand-over in progress is never joined by a second one.
 */
export function decideSharedToken(facts: SessionFacts, token: AcceptedToken): { action: 'apply' | 'keep' | 'ignore'; rule: RuleName } {
  const { history, flight, handOverMs } = facts;
  if (facts.disposed || history.ended) return { action: 'ignore', rule: 'shared-session-over' };
  const current = facts.token;
  if (current && current.claims.rights !== token.claims.rights) return { action: 'ignore', rule: 'shared-claims-differ' };
  // A viewer still loading has its token from load(): keep this one for its first renewal.
  if (!facts.viewerReady) return { action: 'keep', rule: 'shared-keep-loading' };
  if (handOverMs === 0 && !flight?.handingOver) return { action: 'apply', rule: 'shared-apply' };
  if (flight) return { action: 'keep', rule: 'shared-keep-in-flight' };
  const needsOne = !current || facts.refused || (nextRenewalDue(facts) ?? Infinity) <= facts.now;
  return needsOne ? { action: 'apply', rule: 'shared-needed-now' } : { action: 'keep', rule: 'shared-keep' };
}

function keptIsUsable(facts: SessionFacts, kept: AcceptedToken): boolean {
  const current = facts.token;
  const alive = kept.expiryDue === undefined || kept.expiryDue > facts.now + facts.options.minAttemptMs + facts.handOverMs;
  return alive && (!current || kept.claims.expiresAt > current.claims.expiresAt);
}

/**
 * Whose sessions a sign-out ends: the user's (a 401, a login redirect, `signOut()`) ends every tab
 * of the sharing scope; a 403 is about one document and ends only that document's sessions.
 */
export const endsEveryDocument = (error: SessionEndedError): boolean => error.reason !== 'forbidden';

// ── 8. Hand-over for viewers without setSession ─────────────────────────────────────────────────
/** How many of the last hand-overs' times the allowance looks at. */
export const HAND_OVER_MEMORY = 5;

/**
 * How long the next hand-over is allowed: a guess before the first, then 1.5 times the longest of
 * the last `HAND_OVER_MEMORY` measured (not the last one alone: on a loaded machine swaps took from
 * 0.6 to 8.6 s, and one given 1.5 times a quick one outlived the old token, whose tiles were refused).
 */
export function handOverAllowance(measuredMs: readonly number[]): number {
  const recent = measuredMs.slice(-HAND_OVER_MEMORY);
  return recent.length === 0 ? FIRST_HAND_OVER_GUESS_MS : Math.ceil(HAND_OVER_LEAD_FACTOR * Math.max(...recent)); // whole ms: timers fire on them
}

/**
 * A swap takes seconds, during which the old viewer still needs a valid token: renew that much
 * earlier, by at most the usual margin again (so a slow swap cannot make renewal run back to back).
 */
function handOverLead(token: AcceptedToken, handOverMs: number): number {
  if (!handOverMs || token.renewDue === undefined || token.expiryDue === undefined) return 0;
  return Math.max(0, Math.min(handOverMs, token.expiryDue - token.renewDue));
}

/**
 * `Date.now()` ms after which a swap goes ahead even mid-gesture: the old viewer's token is about to
 * run out. What is kept before expiry is what a swap takes (`handOverMs`: `handOverAllowance`, 1.5
 * times the longest of the last five), at least `LAST_MOMENT_RESERVE_MS`: the old viewer saves its changes and
 * stays shown until the switch, and with its token run out its save fails ("Token has expired") and
 * its pages are refused. Seen on a loaded machine: swaps of 4-6 s held off to 3 s before expiry.
 */
export function latestSwapStartAt(expiresAt: number | undefined, now: number, handOverMs = 0): number {
  return (expiresAt ?? now) - Math.max(LAST_MOMENT_RESERVE_MS, handOverMs);
}

/**
 * Rule `swap-freeze`: how long until a swap may freeze the old viewer, 0 from the swap's latest
 * start on. Then a swap that goes ahead mid-gesture or with an editor open commits the editor and
 * saves first, and a change that sends the swap back for another load is the last one: the old
 * viewer is read-only while the new one loads again, so at most one more load runs after the latest
 * start, inside the reserve `latestSwapStartAt` keeps before expiry.
 */
export function swapFreezeIn(latestStartAt: number, now: number): number {
  return Math.max(0, latestStartAt - now);
}

/**
 * Rule `swap-fresh-token`: a swap loads its new viewer with a token that runs out within the reserve
 * a load needs (what a swap is allowed, `handOverMs`, measured on this machine; at least
 * `LAST_MOMENT_RESERVE_MS`: load, restore, draw), or has run out (the user kept the swap waiting, or
 * it started over after a change): a fresh token is fetched for that load first. A viewer
 * loaded with it would be refused at `/auth`, or shown with a token about to run out; the old viewer
 * keeps its own token meanwhile. Undefined expiry (nothing to judge by): the token is used.
 */
export function swapNeedsFreshToken(expiresAt: number | undefined, now: number, handOverMs = 0): boolean {
  return expiresAt !== undefined && expiresAt - now < Math.max(LAST_MOMENT_RESERVE_MS, handOverMs);
}

/**
 * How long the SDK is given to turn a committed text (or a finished shape) into an annotation: a
 * viewer made read-only or unloaded before that drops it. A swap's freeze gives more on a slow
 * machine (`commitWaitMs`), never less.
 */
export const COMMIT_WAIT_MS = 1_000;
/** The most: the rest of the swap's reserve is for the last load. */
const MAX_COMMIT_WAIT_MS = 5_000;

/**
 * How long a swap's freeze waits for the SDK to turn a released shape or a committed text into an
 * annotation before the old viewer is made read-only (which drops what is not made yet): both old
 * SDKs take 30-90 ms in Chromium at 4x CPU throttling, and more than 1 s on a machine so loaded
 * that swaps take seconds. So a third of what a swap is allowed (`handOverMs`, measured on this
 * machine), at least `COMMIT_WAIT_MS`. It is waited in full only when nothing is made (an empty
 * editor, a pan).
 */
export function commitWaitMs(handOverMs = 0): number {
  return Math.min(MAX_COMMIT_WAIT_MS, Math.max(COMMIT_WAIT_MS, Math.ceil(handOverMs / 3)));
}

/** New viewers a swap may drop for the user's changes before it stops waiting for a pause (rule swap-freeze). */
export const SWAP_LOADS_DROPPED_BEFORE_FREEZE = 2;

/**
 * Rule `swap-freeze`, its bound on loads: each change the user makes while the new viewer loads
 * drops that viewer and sends the swap back for another load. After `SWAP_LOADS_DROPPED_BEFORE_FREEZE`
 * of those, the swap waits for no more pauses: it goes ahead at its latest start with the old viewer
 * frozen, so a user who keeps drawing costs three loads, not one per pause until the latest start
 * (seen: three dropped loads, then a failed swap, in 1 of 2 runs of pspdfkit with a scripted user).
 */
export function swapWaitsForLatestStart(loadsDropped: number): boolean {
  return loadsDropped >= SWAP_LOADS_DROPPED_BEFORE_FREEZE;
}

/** What a swap does after the old viewer's save: go on, start over (its change came after the new viewer loaded), or carry. */
export type AfterOldSave = 'go-on' | 'start-over' | 'carry';

/**
 * Rule `swap-carry-changes`, with the restart a change makes: the old viewer's changes reach the
 * engine through its own save, and a change saved after the new viewer loaded sends the swap back
 * for another load (the new one would not show it). A save that fails (its token ran out, after a
 * sleep or a swap held off too long) would fail at every try until the loop breaker: the swap goes
 * on instead, the old viewer turns read-only, and its unsaved changes are made again on the new
 * viewer, which saves them with its fresh token. Once carrying, the old viewer is not saved again.
 * @param saved the old viewer's save went through, or nothing was pending
 * @param changedAfterLoad a change came on the old viewer after the new one loaded
 */
export function swapAfterSave(saved: boolean, changedAfterLoad: boolean): AfterOldSave {
  if (!saved) return 'carry';
  return changedAfterLoad ? 'start-over' : 'go-on';
}

// ── 9. The user's work at an end ────────────────────────────────────────────────────────────────
/**
 * What the viewer becomes after the user's session ended: `read-only` (the default: nothing new
 * goes into a session that cannot save it), `keep` (as it is), or `unload`.
 * @example loadViewer({ ...options, afterSignOut: 'unload' })
 */
export type AfterSignOut = 'read-only' | 'keep' | 'unload';
export const AFTER_SIGN_OUT: readonly AfterSignOut[] = ['read-only', 'keep', 'unload'];
/** How long a save before an end or an unload may take by default: the end must not hang on a silent engine. */
export const DEFAULT_SAVE_TIMEOUT_MS = 5_000;

/**
 * Before the session ends (a 401, a login redirect, `signOut()`, another tab's sign-out) or unloads
 * the viewer: save what is pending first, while the viewer's token still works (it does for minutes
 * after the token endpoint said no), and only then announce the end. After an end the viewer takes
 * no new work unless the app chose `keep`.
 */
export function decideAtEnd(
  pending: number, afterSignOut: AfterSignOut, ending: boolean, editorOpen = false,
): { commitEditor: boolean; save: boolean; readOnly: boolean; rule: RuleName } {
  const readOnly = ending && afterSignOut !== 'keep';
  // An open editor's text is no change yet: read-only or an unload would drop it. Committed first,
  // it becomes a pending change and is saved with the rest.
  if (editorOpen) return { commitEditor: true, save: true, readOnly, rule: 'commit-editor-first' };
  return { commitEditor: false, save: pending > 0, readOnly, rule: pending > 0 ? 'save-first' : readOnly ? 'read-only-after-end' : 'nothing-pending' };
}

/** A renewal succeeded after the end made the viewer read-only: the user may edit again. */
export function decideAfterRenewal(madeReadOnly: boolean): { editable: boolean; rule: RuleName } {
  return { editable: madeReadOnly, rule: madeReadOnly ? 'editable-again' : 'nothing-pending' };
}
