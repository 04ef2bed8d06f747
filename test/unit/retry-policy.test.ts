import { describe, expect, it } from 'vitest';
import {
  InvalidTokenError,
  RefreshHttpError,
  RefreshNetworkError,
  RefreshResponseError,
  RefreshTimeoutError,
  SessionEndedError,
} from '../../src/errors.js';
import { renewalDefaults } from '../../src/options.js';
import { isRetryable, retryDelay } from '../../src/retry-policy.js';

describe('isRetryable', () => {
  it.each([408, 429, 500, 502, 503, 504])('retries HTTP %i', (status) => {
    expect(isRetryable(new RefreshHttpError(status))).toBe(true);
  });
  it.each([400, 404, 409, 422, 501])('does not retry HTTP %i', (status) => {
    expect(isRetryable(new RefreshHttpError(status))).toBe(false);
  });
  it('retries network errors and timeouts, not ended sessions, bad answers or bad tokens', () => {
    expect(isRetryable(new RefreshNetworkError('x'))).toBe(true);
    expect(isRetryable(new RefreshTimeoutError(100))).toBe(true);
    expect(isRetryable(new SessionEndedError(401))).toBe(false);
    expect(isRetryable(new RefreshResponseError('an HTML page'))).toBe(false);
    expect(isRetryable(new InvalidTokenError('expired', 'x'))).toBe(false);
  });
});

describe('retryDelay', () => {
  const policy = renewalDefaults;
  const error = new RefreshHttpError(503);

  it('grows exponentially with equal jitter, capped at maxDelayMs', () => {
    expect(retryDelay(error, 0, 60_000, policy, () => 0)).toBe(250);
    expect(retryDelay(error, 0, 60_000, policy, () => 1)).toBe(500);
    expect(retryDelay(error, 2, 60_000, policy, () => 1)).toBe(2_000);
    expect(retryDelay(error, 10, 60_000, policy, () => 1)).toBe(5_000);
    expect(retryDelay(error, 10, 60_000, policy, () => 0)).toBe(2_500);
  });

  it('shrinks to leave one attempt before the deadline, and gives up when none fits', () => {
    expect(retryDelay(error, 10, 3_000, policy, () => 1)).toBe(2_000);
    expect(retryDelay(error, 0, 999, policy)).toBeUndefined();
  });

  it('honours Retry-After exactly when it fits, and gives up when it does not', () => {
    expect(retryDelay(new RefreshHttpError(429, 2_000), 0, 10_000, policy)).toBe(2_000);
    expect(retryDelay(new RefreshHttpError(503, 20_000), 0, 10_000, policy)).toBeUndefined();
  });
});
