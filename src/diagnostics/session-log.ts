// diagnostics/: why a session did what it did. `session-log.ts` keeps the last decisions and
// outcomes (a small ring, always) and hands them to the app's `debug` sink when there is one;
// `performance-track.ts` puts renewals on the browser's Performance panel; `diagnosis.ts` builds
// `session.diagnose()`'s snapshot. The words for each rule are the policy's (decision-reasons.ts).
import { levelOf, reasonOf, type RuleName } from '../policy/decision-reasons.js';
import type { SessionError } from '../errors/errors.js';
import type { RenewalReason, SessionEvent } from '../session/events.js';
import { redact } from '../tokens/redact.js';
import type { DebugOption, LogEntry, TabRole } from './log-entry.js';
import { measure, perfNow, type MeasureKind } from './performance-track.js';

/** How many entries `diagnose()` keeps. */
export const KEPT_ENTRIES = 50;
const PREFIX = '[nutrient-viewer-session]';

/** The session's side of the log: its role in sharing, and its next renewal with the rule behind it. */
export interface LogContext {
  tab(): TabRole;
  nextRenewal(): { inMs: number | undefined; rule: RuleName };
  remainingMs(): number | undefined;
}

/**
 * Where a renewal in flight is, as `diagnose().renewal` tells it during an outage.
 * @example if (session.diagnose().renewal?.waiting === 'retry-after') showNotice('The sign-in service asked us to wait');
 */
export interface RenewalProgress {
  trigger: RenewalReason;
  startedAt: number;
  /** Attempts that failed so far. */
  failedAttempts: number;
  /** When the next attempt goes (`Date.now()` ms), when one is waited for. */
  nextAttemptAt: number | undefined;
  /** Until when the endpoint's Retry-After holds the next attempt back. */
  retryAfterUntil: number | undefined;
  lastStatus: number | undefined;
  waiting: 'request' | 'retry-after' | 'backoff' | 'online';
}

type Fields = Omit<LogEntry, 'at' | 'level' | 'what' | 'reason' | 'tab' | 'rule'>;

/**
 * The session's log: decisions and outcomes as entries, the last `KEPT_ENTRIES` kept for
 * `diagnose()`, each given to the `debug` sink when set. The sink may throw: renewal goes on.
 */
export class SessionLog {
  readonly #entries: LogEntry[] = [];
  readonly #sink: ((entry: LogEntry) => void) | undefined;
  /** The performance track is on. */
  readonly track: boolean;
  context: LogContext = { tab: () => 'alone', nextRenewal: () => ({ inMs: undefined, rule: 'plan-none' }), remainingMs: () => undefined };
  flight: RenewalProgress | undefined;
  wakes = 0;
  lastWake: { cause: string; at: number } | undefined;

  constructor(debug: DebugOption | undefined = false, track = Boolean(debug)) {
    this.#sink = typeof debug === 'function' ? debug : debug ? toConsole : undefined;
    this.track = track;
  }

  /** The last entries, oldest first (copies: a snapshot cannot change the log). */
  get entries(): LogEntry[] {
    return this.#entries.map((entry) => ({ ...entry }));
  }

  /** A policy decision: its rule's words, and what it decided. */
  decision(rule: RuleName, action: string, fields: Fields = {}): void {
    this.#add({ level: levelOf(rule), what: 'decision', action, rule, reason: reasonOf(rule), ...fields });
  }

  /** Entries for the events that tell outcomes (the decisions before them are logged on their own). */
  event(event: SessionEvent): void {
    if (event.type === 'renewing') {
      this.flight = { trigger: event.reason, startedAt: event.at, failedAttempts: 0, nextAttemptAt: undefined, retryAfterUntil: undefined, lastStatus: undefined, waiting: 'request' };
    } else if (event.type === 'renewed') {
      this.flight = undefined;
      const { inMs, rule } = this.context.nextRenewal();
      const next = inMs === undefined ? 'no renewal planned' : `next renewal in ${Math.round(inMs / 1000)} s`;
      const how = `${event.method}, ${event.source === 'other-tab' ? "another tab's token" : `${event.attempts} request(s)`}`;
      this.#add({ level: 'info', what: 'renewed', nextRenewalRule: rule, reason: `renewed (${how}) in ${event.durationMs} ms; ${next}`, trigger: event.reason, durationMs: event.durationMs, nextRenewalInMs: inMs });
    } else if (event.type === 'error') {
      this.flight = undefined;
      const { error } = event;
      // What happens next after a failure: when the next renewal is due, and the rule that moved it (or why there is none).
      const { inMs, rule } = this.context.nextRenewal();
      const fields = { trigger: event.reason, nextRenewalInMs: inMs, nextRenewalRule: rule, ...errorFields(error) };
      this.#add({ level: event.fatal ? 'error' : 'warn', what: 'failed', reason: `${error.name}: ${redact(error.message)}`, ...fields });
    } else if (event.type === 'ended') {
      const rule = `ended-${(event.error as { reason?: string }).reason ?? 'unauthorized'}` as RuleName;
      this.#add({ level: levelOf(rule), what: 'ended', rule, reason: reasonOf(rule), trigger: event.reason, ...errorFields(event.error) });
    } else if (event.type === 'state') {
      this.#add({ level: 'debug', what: 'state', reason: `state ${event.previous} → ${event.state}`, state: event.state });
    }
  }

  /** A retry decision inside a renewal: what `diagnose()` says while an outage lasts. */
  retry(rule: RuleName, action: string, fields: { attempt: number; status: number | undefined; delayMs?: number; retryAfterMs?: number }): void {
    const flight = this.flight;
    if (flight) {
      const now = Date.now();
      flight.failedAttempts = fields.attempt;
      flight.lastStatus = fields.status;
      flight.nextAttemptAt = fields.delayMs === undefined ? undefined : Math.round(now + fields.delayMs);
      flight.retryAfterUntil = fields.retryAfterMs ? Math.round(now + fields.retryAfterMs) : undefined;
      flight.waiting = action === 'wait-online' ? 'online' : fields.retryAfterMs ? 'retry-after' : 'backoff';
    }
    this.decision(rule, action, { attempt: fields.attempt, status: fields.status, delayMs: fields.delayMs });
  }

  /** The next attempt has gone out. */
  attempting(): void {
    if (this.flight) Object.assign(this.flight, { waiting: 'request', nextAttemptAt: undefined, retryAfterUntil: undefined });
  }

  sleep(durationMs: number): void {
    this.#add({ level: 'info', what: 'sleep', reason: `the machine slept or the tab was frozen for about ${Math.round(durationMs / 1000)} s`, durationMs });
  }

  wake(cause: string): void {
    this.wakes++;
    this.lastWake = { cause, at: Date.now() };
    this.#add({ level: 'debug', what: 'wake', reason: `the page woke (${cause}): checking the token at once` });
  }

  /** One entry on the performance track, when it is on; `start` from `perfNow()`. */
  measure(kind: MeasureKind, start: number | undefined, properties: [string, string | number][], failed = false): void {
    if (this.track) measure(kind, start, properties, failed);
  }

  /** A start time for `measure`, only when the track is on. */
  mark(): number | undefined {
    return this.track ? perfNow() : undefined;
  }

  #add(fields: Omit<LogEntry, 'at' | 'tab'>): void {
    const entry: LogEntry = { at: Date.now(), ...fields, tab: this.context.tab() };
    const remainingMs = this.context.remainingMs();
    if (remainingMs !== undefined && entry.remainingMs === undefined) entry.remainingMs = remainingMs;
    // Whole milliseconds: session times come from performance.now() and carry fractions nobody reads.
    for (const key of ['delayMs', 'remainingMs', 'nextRenewalInMs', 'durationMs'] as const) {
      if (entry[key] !== undefined) entry[key] = Math.round(entry[key]);
    }
    this.#entries.push(entry);
    if (this.#entries.length > KEPT_ENTRIES) this.#entries.shift();
    if (!this.#sink) return;
    try {
      this.#sink({ ...entry });
    } catch (error) {
      queueMicrotask(() => {
        throw error;
      });
    }
  }
}

function errorFields(error: SessionError): Pick<LogEntry, 'code' | 'status'> {
  return { code: error.code, ...(error.status === undefined ? {} : { status: error.status }) };
}

function toConsole(entry: LogEntry): void {
  const write = entry.level === 'debug' ? console.debug : entry.level === 'info' ? console.info : entry.level === 'warn' ? console.warn : console.error;
  write(PREFIX, entry.rule ? `${entry.rule}: ${entry.reason}` : entry.reason, entry);
}
