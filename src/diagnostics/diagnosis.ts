// `session.diagnose()`: what a support ticket needs, as plain data. Built from the facts the
// Renewer keeps and the log; the rules' words come from the policy (decision-reasons.ts).
import { reasonOf, type RuleName } from '../policy/decision-reasons.js';
import { holdUntil, planNextRenewal, type SessionFacts } from '../policy/renewal-policy.js';
import type { SessionErrorCode } from '../errors/errors.js';
import type { RenewalMethod, RenewalReason, SessionState } from '../session/events.js';
import { redact } from '../tokens/redact.js';
import type { LogEntry, TabRole } from './log-entry.js';
import type { RenewalProgress, SessionLog } from './session-log.js';

/**
 * A session's state for a support ticket: plain, JSON-serializable, never a token's text. Times
 * are `Date.now()` ms in this browser's clock; `...InMs` fields count from `takenAt`.
 * @example
 * const report = JSON.stringify(session.diagnose(), null, 2); // attach it to the ticket
 */
export interface SessionDiagnosis {
  takenAt: number;
  state: SessionState;
  /** The SDK's `version`, once a viewer is attached. */
  sdkVersion: string | undefined;
  /** How the viewer takes a new token: `setSession`, `swap` or `reload`; undefined before a viewer is attached. */
  handOver: Exclude<RenewalMethod, 'load'> | undefined;
  token:
    | {
        /** When it expires by the session's plan (the earliest the clocks allow). */
        expiresAt: number | undefined;
        expiresInMs: number | undefined;
        /** Its time left by the server's clock, when the server's time was measured. */
        serverRemainingMs: number | undefined;
        /** The server's clock minus this browser's, measured when the token arrived. */
        skewMs: number | undefined;
        lifetimeMs: number | undefined;
        /** Where it came from: this tab's request, another tab, or the page (`jwt` option). */
        source: TokenOrigin;
        /** The viewer reported an auth failure with it. */
        refusedByViewer: boolean;
      }
    | undefined;
  /** The next proactive renewal and the rule that set it (or, with `at` undefined, why there is none). */
  nextRenewal: { at: number | undefined; inMs: number | undefined; rule: RuleName; reason: string };
  failuresInARow: number;
  lastError: { code: SessionErrorCode; name: string; message: string; status: number | undefined } | undefined;
  /** The token endpoint's Retry-After holding renewal back, while it lasts. */
  retryAfterHold: { until: number; inMs: number } | undefined;
  /** A renewal in flight: its trigger, failed attempts and when the next one goes. */
  renewal: (Omit<RenewalProgress, 'trigger'> & { trigger: RenewalReason; nextAttemptInMs: number | undefined }) | undefined;
  /** Sleeps this session's clock noticed, and wake-ups the page reported. */
  clock: { sleeps: number; lastSleepMs: number | undefined; wakes: number; lastWake: { cause: string; at: number } | undefined };
  sharing: { role: TabRole };
  /** The last decisions and outcomes, oldest first (the same entries `debug` receives). */
  recent: LogEntry[];
}

/** Where the current token came from. */
export type TokenOrigin = 'this-tab' | 'other-tab' | 'page';

export interface DiagnosisInput {
  facts: SessionFacts;
  state: SessionState;
  log: SessionLog;
  toWall: (sessionTime: number) => number;
  sleeps: number;
  lastSleepMs: number | undefined;
  source: TokenOrigin;
  lastError: { code: SessionErrorCode; name: string; message: string; status?: number | undefined } | undefined;
  viewer: { sdkVersion: string | undefined; handOver: Exclude<RenewalMethod, 'load'> | undefined };
}

export function diagnosis(input: DiagnosisInput): SessionDiagnosis {
  const { facts, log } = input;
  // Whole milliseconds: session times come from performance.now() and carry fractions nobody reads.
  const toWall = (at: number) => Math.round(input.toWall(at));
  const takenAt = Date.now();
  const inMs = (at: number | undefined) => (at === undefined ? undefined : at - takenAt);
  const token = facts.token;
  const plan = planNextRenewal(facts);
  const nextAt = plan.at === undefined ? undefined : toWall(plan.at);
  const hold = holdUntil(facts);
  const flightHold = log.flight?.retryAfterUntil;
  const holdAt = flightHold !== undefined && flightHold > takenAt ? flightHold : hold > facts.now ? toWall(hold) : undefined;
  const error = input.lastError;
  return {
    takenAt,
    state: input.state,
    ...input.viewer,
    token: token && {
      expiresAt: token.expiryDue === undefined ? undefined : toWall(token.expiryDue),
      expiresInMs: inMs(token.expiryDue === undefined ? undefined : toWall(token.expiryDue)),
      serverRemainingMs: token.skewMs === undefined ? undefined : Math.round(token.claims.expiresAt - (takenAt + token.skewMs)),
      skewMs: token.skewMs === undefined ? undefined : Math.round(token.skewMs),
      lifetimeMs: token.plan.lifetimeMs,
      source: input.source,
      refusedByViewer: facts.refused,
    },
    nextRenewal: { at: nextAt, inMs: inMs(nextAt), rule: plan.rule, reason: reasonOf(plan.rule) },
    failuresInARow: facts.history.failuresInARow,
    lastError: error && { code: error.code, name: error.name, message: redact(error.message), status: error.status },
    retryAfterHold: holdAt === undefined ? undefined : { until: holdAt, inMs: holdAt - takenAt },
    renewal: log.flight && { ...log.flight, nextAttemptInMs: inMs(log.flight.nextAttemptAt) },
    clock: { sleeps: input.sleeps, lastSleepMs: input.lastSleepMs === undefined ? undefined : Math.round(input.lastSleepMs), wakes: log.wakes, lastWake: log.lastWake && { ...log.lastWake } },
    sharing: { role: log.context.tab() },
    recent: log.entries,
  };
}

/** This tab's part in sharing, from what it heard. */
export function tabRole(sharing: Pick<NonNullable<SessionFacts['sharing']>, 'ownClaimAt' | 'claimedAt'> | undefined): TabRole {
  if (!sharing) return 'alone';
  if (sharing.ownClaimAt !== undefined) return 'taking-turn';
  return sharing.claimedAt !== undefined ? 'waiting-for-other-tab' : 'sharing';
}
