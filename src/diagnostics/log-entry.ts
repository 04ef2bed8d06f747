// What a session's log is made of: one entry per decision of the renewal policy and per outcome,
// in plain words, with numbers but never a token's text.
import type { LogLevel, RuleName } from '../policy/decision-reasons.js';
import type { SessionErrorCode } from '../errors/errors.js';
import type { RenewalReason, SessionState } from '../session/events.js';

export type { LogLevel, RuleName } from '../policy/decision-reasons.js';

/**
 * This tab's part in token sharing when the entry was made: `alone` without `sharing`; with it,
 * `sharing` (nothing under way), `taking-turn` (it announced the next renewal) or
 * `waiting-for-other-tab` (another tab announced it).
 * @example if (entry.tab === 'waiting-for-other-tab') console.info('another tab renews for this one');
 */
export type TabRole = 'alone' | 'sharing' | 'taking-turn' | 'waiting-for-other-tab';

/**
 * What an entry is about: a policy `decision` (`rule` says which), a renewal's outcome
 * (`renewed`, `failed`, `ended`), a `state` change, or the page's `sleep` and `wake`.
 * @example const failures = entries.filter((entry) => entry.what === 'failed');
 */
export type LogWhat = 'decision' | 'renewed' | 'failed' | 'ended' | 'state' | 'sleep' | 'wake';

/**
 * One log entry: what happened, the rule that decided it and why, in words a support engineer
 * reads, and the numbers behind it. Plain data (JSON-serializable); never a token's text.
 * @example
 * loadViewer({ ...options, debug: (entry) => myLogger[entry.level](entry.reason, entry) });
 */
export interface LogEntry {
  /** `Date.now()` when it happened. */
  at: number;
  level: LogLevel;
  what: LogWhat;
  /** For a decision: what was decided (`ask`, `refuse`, `join`, `renew`, `retry`, `give-up`, `keep`, ...). */
  action?: string;
  /** The rule that decided; each one's meaning is in the README, "Debugging a session". */
  rule?: RuleName;
  /** Why, in plain words. */
  reason: string;
  /** What set the renewal off: the viewer (`auth-failed`), the timer (`proactive`), a `wake`, the app (`manual`), ... */
  trigger?: RenewalReason;
  /** This tab's part in sharing at the time. */
  tab: TabRole;
  /** A wait decided: until the next attempt or the first request, in ms. */
  delayMs?: number;
  /** The current token's time left by the session's plan, in ms. */
  remainingMs?: number;
  /** The next proactive renewal, in ms from `at`... */
  nextRenewalInMs?: number;
  /** ...and the rule that set it (or, when none is planned, why not). */
  nextRenewalRule?: RuleName;
  /** The attempt (1-based) a retry decision follows. */
  attempt?: number;
  /** An HTTP status from the token endpoint. */
  status?: number;
  /** An error's `code`. */
  code?: SessionErrorCode;
  /** A renewal's length, or a sleep's. */
  durationMs?: number;
  /** For a decision about the user's work: how many changes it concerned. */
  changes?: number;
  /** For `state`: the new state. */
  state?: SessionState;
}

/**
 * The `debug` option: `true` logs to the console (and turns on the performance track and the
 * SDK's own `logLevel`); a function receives every entry instead. Off by default.
 * @example createViewerSession({ documentId, refresh, debug: (entry) => breadcrumbs.push(entry) })
 */
export type DebugOption = boolean | ((entry: LogEntry) => void);
