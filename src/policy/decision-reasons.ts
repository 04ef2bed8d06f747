// Every rule in renewal-policy.ts has a stable name (for code and tests) and one sentence (for the
// person reading a log or a support ticket). Both live here and nowhere else: the README's
// "Debugging a session" list is checked against this table (test/unit/debug-readme.test.ts).

/** Plain words for each rule, and how loud its log entry is. */
const RULES = {
  // Triggers: a request, or none
  'first-token': ['info', 'the viewer is loading and needs its first token'],
  'viewer-needs-token': ['info', 'the viewer was refused for auth (onAuthFailed): asking for a new token now'],
  'renewal-due': ['info', 'the planned renewal time came: renewing before the token expires'],
  woke: ['info', "the page woke (shown, focused, back online, the user's first input after a pause) with a renewal due or overdue: renewing now"],
  'app-asked': ['info', 'the app called renew()'],
  'app-asked-spaced': ['info', 'the app called renew() after failures: the request waits out the spacing (2 s, doubling)'],
  'other-tab': ['info', "another tab's token or sign-out reached this tab"],
  unloaded: ['debug', 'the session was unloaded: nothing more happens'],
  'signed-out': ['warn', 'the user is signed out: only renew() starts again'],
  'loop-hold': ['warn', 'the loop breaker holds renewal back after too many renewals in a short time'],
  'retry-after-hold': ['warn', 'the token endpoint asked to wait (Retry-After): no request before then'],
  cooldown: ['debug', 'a renewal failed moments ago: the same failure answers, no new request (the SDK asks twice in a burst)'],
  'loop-breaker': ['error', 'too many renewals within the loop window: renewal stopped; renew() resumes it'],
  // A trigger while a renewal is in flight
  'join-in-flight': ['debug', 'a renewal is already in flight: this trigger waits for it'],
  'join-hurry': ['info', 'the viewer is waiting: the renewal in flight goes as early as the rules allow'],
  'join-over-budget': ['warn', "the renewal in flight cannot start within the viewer's 30 s window: refused now"],
  // The timer and wake-ups
  'woke-expired': ['info', 'the page woke with an expired token: renewing at once'],
  'use-kept': ['info', "renewal due, and another tab's token is at hand: handed over without a request"],
  'announce-turn': ['debug', 'renewal due: this tab tells the other tabs it takes this turn'],
  // Retries inside one renewal
  'retry-backoff': ['warn', 'the request failed in a way that may pass (network, timeout, 5xx, 408, 429): retrying after a backoff'],
  'retry-after': ['warn', 'the token endpoint answered with Retry-After: the next attempt waits at least that long'],
  'wait-online': ['warn', 'the browser is offline: waiting for it to come back online instead of spending attempts'],
  'not-retryable': ['error', 'this failure does not pass by retrying (400, 401, 403, 404, a bad answer or token): giving up'],
  'retries-used': ['error', 'the viewer is waiting and every retry is used: giving up'],
  'no-time-left': ['error', 'no time is left for one more attempt before the deadline (the expiry, or the viewer’s window)'],
  // When the next proactive renewal is due
  'plan-margin': ['debug', 'a margin before expiry: earlyMs, at most earlyRatio of the lifetime, by the server’s clock when known'],
  'plan-hand-over-lead': ['debug', 'a margin before expiry, earlier still by the time a swap or reload takes'],
  'plan-not-extended': ['debug', 'the last renewal brought no later expiry: the next try is at expiry'],
  'plan-retry-half': ['debug', 'a renewal failed after its time: the next try is at half the time left'],
  'plan-after-sleep': ['debug', 'the machine slept through the last renewal: once more, at once'],
  'plan-sharing-turn': ['debug', 'another tab may renew first: this tab waits for its turn, no later than its cap'],
  'plan-too-late': ['warn', 'too late for one more try before expiry: the viewer’s next request or a wake-up asks'],
  'plan-retry-swap': ['warn', 'a renewal by swap failed too close to expiry (or after it): again after the cooldown, since an SDK without setSession has no onAuthFailed to ask'],
  'plan-none': ['debug', 'nothing planned: no viewer yet, a renewal in flight, proactive renewal off, or the session is over'],
  // Another tab's token
  'shared-apply': ['info', "another tab's token, handed to the viewer at once (setSession is cheap)"],
  'shared-needed-now': ['info', "another tab's token, handed over now: this viewer needs one"],
  'shared-keep': ['debug', "another tab's token, kept until this tab's own renewal is due (a swap is costly)"],
  'shared-keep-loading': ['debug', "another tab's token, kept for the viewer's first renewal: it is still loading"],
  'shared-keep-in-flight': ['debug', "another tab's token, kept: a renewal is in flight here"],
  'shared-claims-differ': ['debug', "another tab's token was ignored: its rights differ from this tab's"],
  'shared-session-over': ['debug', "another tab's token was ignored: the session here is over"],
  'shared-rejected': ['debug', "another tab's token failed this tab's checks (another document or layer, or not newer)"],
  // Swaps (SDKs without setSession)
  'swap-freeze': ['info', 'the old token runs out soon: a shape being drawn is finished, the open editor is committed and the old viewer is read-only until the new one is shown'],
  'swap-fresh-token': ['info', 'a swap was about to load its viewer with a token that has run out or is about to (it waited, or started over), or the engine refused the one it loaded with: a fresh token is fetched for it'],
  'swap-carry-changes': ['warn', "the old viewer could not save (its token ran out): it is read-only, and its unsaved changes are made again on the new viewer, which saves them"],
  // The end
  'ended-unauthorized': ['error', 'the token endpoint answered 401: the user is signed out, in every tab'],
  'ended-forbidden': ['error', 'the token endpoint answered 403: this document is refused to this user'],
  'ended-redirect': ['error', 'the token endpoint redirected (a login page?): the user is signed out'],
  'ended-signed-out': ['info', 'the app called signOut(): the session ends in every tab'],
  // The user's work
  'save-first': ['info', 'the session ends or unloads the viewer with changes pending: saving them first, within saveTimeoutMs'],
  'commit-editor-first': ['info', 'the session ends or unloads the viewer with an editor open: its text is committed (the editor blurred) and saved first'],
  'nothing-pending': ['debug', 'no changes pending: nothing to save before the end or unload'],
  'read-only-after-end': ['warn', 'the user is signed out: the viewer is read-only, so no new work goes into a session that cannot save it'],
  'editable-again': ['info', 'a renewal succeeded after the sign-out: the viewer is editable again'],
} as const satisfies Record<RuleName, readonly [LogLevel, string]>;

/** How much an entry matters: `debug` for routine decisions, `error` when renewal ends or gives up. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/**
 * A rule's stable name, as log entries and `diagnose()` give it. The README's "Debugging a
 * session" lists every one with its meaning.
 * @example if (entry.rule === 'retry-after-hold') showBanner('The sign-in service asked us to wait');
 */
export type RuleName =
  | 'first-token'
  | 'viewer-needs-token'
  | 'renewal-due'
  | 'woke'
  | 'app-asked'
  | 'app-asked-spaced'
  | 'other-tab'
  | 'unloaded'
  | 'signed-out'
  | 'loop-hold'
  | 'retry-after-hold'
  | 'cooldown'
  | 'loop-breaker'
  | 'join-in-flight'
  | 'join-hurry'
  | 'join-over-budget'
  | 'woke-expired'
  | 'use-kept'
  | 'announce-turn'
  | 'retry-backoff'
  | 'retry-after'
  | 'wait-online'
  | 'not-retryable'
  | 'retries-used'
  | 'no-time-left'
  | 'plan-margin'
  | 'plan-hand-over-lead'
  | 'plan-not-extended'
  | 'plan-retry-half'
  | 'plan-after-sleep'
  | 'plan-sharing-turn'
  | 'plan-too-late'
  | 'plan-retry-swap'
  | 'plan-none'
  | 'shared-apply'
  | 'shared-needed-now'
  | 'shared-keep'
  | 'shared-keep-loading'
  | 'shared-keep-in-flight'
  | 'shared-claims-differ'
  | 'shared-session-over'
  | 'shared-rejected'
  | 'swap-freeze'
  | 'swap-fresh-token'
  | 'swap-carry-changes'
  | 'ended-unauthorized'
  | 'ended-forbidden'
  | 'ended-redirect'
  | 'ended-signed-out'
  | 'save-first'
  | 'commit-editor-first'
  | 'nothing-pending'
  | 'read-only-after-end'
  | 'editable-again';

/** Every rule's name, for the README check. */
export const RULE_NAMES = Object.keys(RULES) as RuleName[];

/** The sentence a person reads for a rule. */
export const reasonOf = (rule: RuleName): string => RULES[rule][1];

/** The log level of a rule's entry. */
export const levelOf = (rule: RuleName): LogLevel => RULES[rule][0];
