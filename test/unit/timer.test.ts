import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MAX_TIMEOUT_MS, setTimerAt, sleep } from '../../src/timer.js';

beforeEach(() => {
  vi.useFakeTimers({ now: Date.UTC(2026, 0, 1) });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('setTimerAt', () => {
  it('waits past the 2^31-1 ms setTimeout limit instead of firing at once', () => {
    const fired = vi.fn();
    setTimerAt(Date.now() + MAX_TIMEOUT_MS * 2 + 5, fired);
    vi.advanceTimersByTime(MAX_TIMEOUT_MS);
    expect(fired).not.toHaveBeenCalled();
    vi.advanceTimersByTime(MAX_TIMEOUT_MS);
    expect(fired).not.toHaveBeenCalled();
    vi.advanceTimersByTime(5);
    expect(fired).toHaveBeenCalledTimes(1);
  });

  it('fires at once for a time in the past, and cancels cleanly', () => {
    const fired = vi.fn();
    setTimerAt(Date.now() - 1, fired);
    vi.advanceTimersByTime(0);
    expect(fired).toHaveBeenCalledTimes(1);
    const cancel = setTimerAt(Date.now() + 1000, fired);
    cancel();
    vi.advanceTimersByTime(2000);
    expect(fired).toHaveBeenCalledTimes(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('fires at the wall-clock time even when the clock jumped (sleep)', () => {
    const fired = vi.fn();
    setTimerAt(Date.now() + 60_000, fired);
    vi.setSystemTime(Date.now() + 3_600_000); // the laptop slept for an hour: the timer has not run
    vi.advanceTimersByTime(60_000);
    expect(fired).toHaveBeenCalledTimes(1);
  });
});

describe('sleep', () => {
  it('rejects with the abort reason and leaves no timer', async () => {
    const controller = new AbortController();
    const slept = sleep(10_000, controller.signal);
    controller.abort(new Error('stop'));
    await expect(slept).rejects.toThrow('stop');
    expect(vi.getTimerCount()).toBe(0);
  });
});
