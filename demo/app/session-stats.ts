// Running totals over the session's events: what the status panel shows besides the live clock.
import type { RenewalReason, SessionEvent, SessionState } from '../../src/index';

export const RENEWAL_REASONS: RenewalReason[] = ['initial', 'proactive', 'auth-failed', 'wake', 'manual'];

export interface SessionStats {
  state: SessionState;
  renewals: number;
  byReason: Record<RenewalReason, number>;
  lastRenewal?: { reason: RenewalReason; durationMs: number; attempts: number; at: number };
  retries: number;
  errors: number;
  /** Errors a fault QA injected explains (fault-explainer.ts): expected, not a finding. */
  explainedErrors: number;
  lastError?: { name: string; message: string; at: number };
  /** When the current token arrived here: with its expiry, the token's lifetime for the bar. */
  tokenReceivedAt?: number;
}

export function emptyStats(): SessionStats {
  const byReason = Object.fromEntries(RENEWAL_REASONS.map((reason) => [reason, 0])) as Record<RenewalReason, number>;
  return { state: 'starting', renewals: 0, byReason, retries: 0, errors: 0, explainedErrors: 0 };
}

/** Adds one event to the totals (mutates `stats`). */
export function countEvent(stats: SessionStats, event: SessionEvent, now = Date.now()): void {
  switch (event.type) {
    case 'state':
      stats.state = event.state;
      break;
    case 'renewed':
      stats.renewals += 1;
      stats.byReason[event.reason] += 1;
      stats.lastRenewal = { reason: event.reason, durationMs: event.durationMs, attempts: event.attempts, at: now };
      stats.tokenReceivedAt = now;
      break;
    case 'retrying':
      stats.retries += 1;
      break;
    case 'error':
      stats.errors += 1;
      stats.lastError = { name: event.error.name, message: event.error.message, at: now };
      break;
    case 'ended':
    case 'renewing':
      break;
  }
}
