import type { RetryPolicy } from './retry-policy.js';
import type { RenewalTiming } from './renewal-plan.js';

/** Tuning for renewal; every field has a default (see README). */
export interface RenewalOptions extends Partial<RetryPolicy>, Partial<RenewalTiming> {
  /** Renew before expiry on a timer and on wake-up. `false` = only when the viewer asks (onAuthFailed). Default true. */
  proactive?: boolean;
  /** Time one renewal may take when the viewer is waiting: the SDK gives up after 30 s. Default 25 000. */
  budgetMs?: number;
  /** Timeout of one request to the refresh endpoint; shrinks to fit the time left. Default 8 000. */
  attemptTimeoutMs?: number;
  /** After a failed renewal, triggers within this window get the same failure, no new request. Default 2 000. */
  failureCooldownMs?: number;
  /** More than `loopLimit` renewals within `loopWindowMs` is a loop: stop and report. Default 10 in 30 000. */
  loopLimit?: number;
  loopWindowMs?: number;
}

export type ResolvedRenewalOptions = Required<Omit<RenewalOptions, keyof RetryPolicy | keyof RenewalTiming>> &
  RetryPolicy &
  RenewalTiming;

export const renewalDefaults: ResolvedRenewalOptions = {
  proactive: true,
  budgetMs: 25_000,
  attemptTimeoutMs: 8_000,
  retries: 8,
  minDelayMs: 500,
  maxDelayMs: 5_000,
  minAttemptMs: 1_000,
  earlyMs: 60_000,
  earlyRatio: 0.25,
  minIntervalMs: 5_000,
  failureCooldownMs: 2_000,
  loopLimit: 10,
  loopWindowMs: 30_000,
};

export function resolveRenewalOptions(options: RenewalOptions = {}): ResolvedRenewalOptions {
  const defined = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
  return { ...renewalDefaults, ...defined };
}
