import { RefreshHttpError, RefreshNetworkError, RefreshTimeoutError, type SessionError } from './errors.js';

export interface RetryPolicy {
  /** Attempts after the first, at most. */
  retries: number;
  /** First backoff delay; doubles each retry up to `maxDelayMs`, with jitter. */
  minDelayMs: number;
  maxDelayMs: number;
  /** A retry is only worth making when at least this much time is left for it. */
  minAttemptMs: number;
}

const retryableStatuses = new Set([408, 429, 500, 502, 503, 504]);

/** Transient failures are retried; 400/401/403/404, bad answers and bad tokens are not. */
export function isRetryable(error: SessionError): boolean {
  if (error instanceof RefreshHttpError) return retryableStatuses.has(error.status!);
  return error instanceof RefreshNetworkError || error instanceof RefreshTimeoutError;
}

/**
 * How long to wait before the next attempt, or undefined when it would not fit before the
 * deadline. Retry-After is honoured exactly when it fits; otherwise we give up rather than
 * hammer an endpoint that asked us to wait.
 */
export function retryDelay(
  error: SessionError,
  retriesDone: number,
  timeLeftMs: number,
  policy: RetryPolicy,
  random: () => number = Math.random,
): number | undefined {
  const room = timeLeftMs - policy.minAttemptMs;
  if (room < 0) return undefined;
  const retryAfter = error instanceof RefreshHttpError ? error.retryAfterMs : undefined;
  if (retryAfter !== undefined) return retryAfter <= room ? retryAfter : undefined;
  const ceiling = Math.min(policy.maxDelayMs, policy.minDelayMs * 2 ** retriesDone);
  // "Equal jitter": half fixed, half random, so clients spread out but never retry at once.
  const delay = Math.round(ceiling / 2 + (random() * ceiling) / 2);
  return Math.min(delay, room);
}
