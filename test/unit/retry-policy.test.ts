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
import { decideRetry, isRetryable } from '../../src/renewal-policy.js';

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
  /** The delay decided, or undefined when it gives up. */
  const delay = (e: RefreshHttpError | RefreshNetworkError, retriesDone: number, timeLeftMs: number, random?: () => number) => {
    const decision = decideRetry(e, retriesDone, waiting(timeLeftMs), policy, random);
    return decision.action === 'wait' ? decision.delayMs : undefined;
  };

  it('grows exponentially with equal jitter, capped at maxDelayMs', () => {
    expect(delay(error, 0, 60_000, () => 0)).toBe(250);
    expect(delay(error, 0, 60_000, () => 1)).toBe(500);
    expect(delay(error, 2, 60_000, () => 1)).toBe(2_000);
    expect(delay(error, 7, 60_000, () => 1)).toBe(5_000);
    expect(delay(error, 7, 60_000, () => 0)).toBe(2_500);
  });

  it('shrinks to leave one attempt before the deadline, and gives up when none fits', () => {
    expect(delay(error, 7, 3_000, () => 1)).toBe(2_000);
    expect(delay(error, 0, 999)).toBeUndefined();
  });

  it('takes Retry-After as a lower bound when it fits, and gives up when it does not', () => {
    expect(delay(new RefreshHttpError(429, 2_000), 0, 10_000)).toBe(2_000);
    expect(delay(new RefreshHttpError(503, 20_000), 0, 10_000)).toBeUndefined();
  });

  it('never waits less than the backoff for a Retry-After of 0 (issue 16.1)', () => {
    expect(delay(new RefreshHttpError(503, 0), 0, 60_000, () => 1)).toBe(500);
    expect(delay(new RefreshHttpError(503, 0), 3, 60_000, () => 1)).toBe(4_000);
  });

  it('gives up after `retries` retries when the viewer waits; a proactive renewal has until its deadline', () => {
    expect(decideRetry(error, policy.retries, waiting(600_000), policy).action).toBe('give-up');
    expect(decideRetry(error, policy.retries, { timeLeftMs: 600_000, viewerWaiting: false, online: true }, policy).action).toBe('wait');
  });

  it('waits for online only when nobody waits on the renewal (issue 16.15)', () => {
    const network = new RefreshNetworkError('x');
    expect(decideRetry(network, 0, { timeLeftMs: 60_000, viewerWaiting: false, online: false }, policy).action).toBe('wait-online');
    expect(decideRetry(network, 0, { timeLeftMs: 60_000, viewerWaiting: true, online: false }, policy).action).toBe('wait');
  });
});
