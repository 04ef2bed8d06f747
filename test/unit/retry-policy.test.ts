import { describe, expect, it } from 'vitest';
import {
  InvalidTokenError,
  RefreshHttpError,
  RefreshNetworkError,
  RefreshResponseError,
  RefreshTimeoutError,
  SessionEndedError,
} from '../../src/errors/errors.js';
import { renewalDefaults } from '../../src/policy/options.js';
import { backoffFloor, decideRetry, isRetryable } from '../../src/policy/renewal-policy.js';

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

describe('decideRetry', () => {
  const policy = renewalDefaults;
  const error = new RefreshHttpError(503);
  const waiting = (timeLeftMs: number) => ({ timeLeftMs, viewerWaiting: true, online: true });
  /** The least delay announced, or undefined when it gives up. */
  const delay = (e: RefreshHttpError | RefreshNetworkError, retriesDone: number, timeLeftMs: number) => {
    const decision = decideRetry(e, retriesDone, waiting(timeLeftMs), policy);
    return decision.action === 'retry' ? decision.leastDelayMs : undefined;
  };

  it("announces p-retry's backoff floor: doubling from minDelayMs, capped at maxDelayMs", () => {
    expect([0, 1, 2, 3, 4, 7].map((n) => delay(error, n, 60_000))).toEqual([500, 1_000, 2_000, 4_000, 5_000, 5_000]);
    expect(backoffFloor(3, policy)).toBe(4_000);
  });

  it('shrinks to leave one attempt before the deadline, and gives up when none fits', () => {
    expect(delay(error, 7, 3_000)).toBe(2_000);
    expect(delay(error, 0, 999)).toBeUndefined();
  });

  it('waits Retry-After on top of the backoff when it fits, and gives up when it does not', () => {
    expect(decideRetry(new RefreshHttpError(429, 2_000), 0, waiting(10_000), policy)).toEqual({ action: 'retry', retryAfterMs: 2_000, leastDelayMs: 2_500, rule: 'retry-after' });
    expect(delay(new RefreshHttpError(503, 20_000), 0, 10_000)).toBeUndefined();
  });

  it('never waits less than the backoff for a Retry-After of 0 (issue 16.1)', () => {
    expect(delay(new RefreshHttpError(503, 0), 0, 60_000)).toBe(500);
    expect(delay(new RefreshHttpError(503, 0), 3, 60_000)).toBe(4_000);
  });

  it('caps a huge Retry-After at maxHoldMs', () => {
    const decision = decideRetry(new RefreshHttpError(503, 3_600_000), 0, { timeLeftMs: 600_000, viewerWaiting: false, online: true }, policy);
    expect(decision).toMatchObject({ action: 'retry', retryAfterMs: policy.maxHoldMs });
  });

  it('gives up after `retries` retries when the viewer waits; a proactive renewal has until its deadline', () => {
    expect(decideRetry(error, policy.retries, waiting(600_000), policy).action).toBe('give-up');
    expect(decideRetry(error, policy.retries, { timeLeftMs: 600_000, viewerWaiting: false, online: true }, policy).action).toBe('retry');
  });

  it('waits for online only when nobody waits on the renewal (issue 16.15)', () => {
    const network = new RefreshNetworkError('x');
    expect(decideRetry(network, 0, { timeLeftMs: 60_000, viewerWaiting: false, online: false }, policy).action).toBe('wait-online');
    expect(decideRetry(network, 0, { timeLeftMs: 60_000, viewerWaiting: true, online: false }, policy).action).toBe('retry');
  });
});
