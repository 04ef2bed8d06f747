import { ConfigurationError } from '../errors/errors.js';
import { RENEWAL_METHODS, type RenewalMethodOption } from './renewal-method.js';

/**
 * Tuning for renewal; every field has a default (`renewalDefaults`; what each does: docs/reference.md, "Options").
 * The rules that use them: `renewal-policy.ts`.
 * @example loadViewer({ ...options, renewal: { earlyMs: 120_000, retries: 4 } })
 */
export interface RenewalOptions {
  /** Renew this long before expiry at most... Default 60 000. */
  earlyMs?: number;
  /** ...and at most this fraction of the token's lifetime, so short tokens never look due at once. Default 0.25. */
  earlyRatio?: number;
  /** Never renew proactively sooner than this after receiving a token: the loop floor. Default 5 000. */
  minIntervalMs?: number;
  /** Retries within one renewal, at most. Default 8. */
  retries?: number;
  /** First backoff delay; doubles each retry up to `maxDelayMs`, with jitter. Retry-After may make it longer, never shorter. Default 500. */
  minDelayMs?: number;
  /** Default 5 000. */
  maxDelayMs?: number;
  /** A retry is only worth making when at least this much time is left for it. Default 1 000. */
  minAttemptMs?: number;
  /** Renew before expiry on a timer and on wake-up. `false` = only when the viewer asks (onAuthFailed). Default true. */
  proactive?: boolean;
  /** Time one renewal may take when the viewer is waiting: the SDK gives up after 30 s. Default 25 000. */
  budgetMs?: number;
  /** Timeout of one request to the refresh endpoint; shrinks to fit the time left. Default 8 000. */
  attemptTimeoutMs?: number;
  /** After a failed renewal, triggers within this window get the same failure, no new request. Default 2 000. */
  failureCooldownMs?: number;
  /** More than `loopLimit` renewals (successful or not) within `loopWindowMs` is a loop: stop and report. Default 10 in 30 000. */
  loopLimit?: number;
  /** The window of `loopLimit`, in ms. Default 30 000. */
  loopWindowMs?: number;
  /** The longest the session holds back after failures: the cap on Retry-After and on the spacing of repeated `renew()` calls. Default 60 000. */
  maxHoldMs?: number;
  /**
   * How often a waiting timer also re-reads the clocks. Default `Infinity`: never; the first user input
   * after a pause, the page's visibility, focus, `online` and `pageshow` events, the viewer's own
   * `onAuthFailed` and the timer's lateness notice a sleep instead, at no idle cost. Set it only for
   * a viewer that sends requests with nobody at the page (a wall display syncing Instant layers).
   */
  checkIntervalMs?: number;
  /**
   * How the viewer gets a new token: `auto` (default) is `setSession` where the SDK has it
   * (1.14 and later) and `swap` where it does not; `reload` trades the swap's second viewer for a
   * visible reload. Used by `loadViewer`; a session you attach yourself always uses setSession.
   */
  method?: RenewalMethodOption;
}

export type ResolvedRenewalOptions = Required<RenewalOptions>;

/**
 * Every renewal option's default, as the session uses it when `renewal` leaves it out.
 * @example const margin = options.renewal?.earlyMs ?? renewalDefaults.earlyMs;
 */
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
  maxHoldMs: 60_000,
  checkIntervalMs: Infinity,
  method: 'auto',
};

/** Every number must be finite (these may be Infinity) and at least 0, these at least 1. */
const mayBeInfinite = new Set(['retries', 'checkIntervalMs']);
const integers = new Set(['retries', 'loopLimit']);
const atLeastOne = new Set(['budgetMs', 'attemptTimeoutMs', 'loopWindowMs', 'checkIntervalMs', 'loopLimit']);

/** Fills in defaults and checks every value at once: a bad option is a `ConfigurationError` now, not a failed renewal later. */
export function resolveRenewalOptions(options: RenewalOptions = {}): ResolvedRenewalOptions {
  if (typeof options !== 'object' || options === null) throw new ConfigurationError('"renewal" must be an object');
  const defined = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
  for (const [key, value] of Object.entries(defined)) checkOption(key, value);
  const resolved = { ...renewalDefaults, ...defined } as ResolvedRenewalOptions;
  if (resolved.minDelayMs > resolved.maxDelayMs) {
    throw new ConfigurationError(`renewal.minDelayMs (${resolved.minDelayMs}) is larger than renewal.maxDelayMs (${resolved.maxDelayMs})`);
  }
  return resolved;
}

function checkOption(key: string, value: unknown): void {
  if (!(key in renewalDefaults)) {
    throw new ConfigurationError(`Unknown renewal option "${key}"; known: ${Object.keys(renewalDefaults).join(', ')}`);
  }
  if (key === 'method') {
    if (!RENEWAL_METHODS.includes(value as RenewalMethodOption)) {
      throw new ConfigurationError(`renewal.method must be one of ${RENEWAL_METHODS.join(', ')}, got ${JSON.stringify(value)}`);
    }
    return;
  }
  const expected = typeof renewalDefaults[key as keyof ResolvedRenewalOptions];
  if (typeof value !== expected) throw new ConfigurationError(`renewal.${key} must be a ${expected}, got ${typeof value}`);
  if (expected !== 'number') return;
  const n = value as number;
  const min = atLeastOne.has(key) ? 1 : 0;
  if (!Number.isFinite(n) && !(mayBeInfinite.has(key) && n === Infinity)) throw new ConfigurationError(`renewal.${key} must be finite, got ${n}`);
  if (n < min) throw new ConfigurationError(`renewal.${key} must be at least ${min}, got ${n}`);
  if (integers.has(key) && Number.isFinite(n) && !Number.isInteger(n)) throw new ConfigurationError(`renewal.${key} must be a whole number, got ${n}`);
  if (key === 'earlyRatio' && n >= 1) throw new ConfigurationError(`renewal.earlyRatio must be below 1, got ${n}`);
}
