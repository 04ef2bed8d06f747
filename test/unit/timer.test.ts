import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SessionClock } from '../../src/session/clock.js';
import { MAX_TIMEOUT_MS, pollUntil, sleep, whenDue } from '../../src/session/timer.js';

beforeEach(() => {
  vi.useFakeTimers({ now: Date.UTC(2026, 0, 1), toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date', 'performance'] });
});
afterEach(() => {
  vi.useRealTimers();
});

/** A due time measured in session time, as the renewer plans it. */
function timerAt(clock: SessionClock, inMs: number, fired: () => void, checkEveryMs?: number) {
  const at = clock.now() + inMs;
  return whenDue(() => at - clock.now(), fired, checkEveryMs);
}

describe('whenDue', () => {
  it('waits past the 2^31-1 ms setTimeout limit instead of firing at once', () => {
    const clock = new SessionClock();
    const fired = vi.fn();
    timerAt(clock, MAX_TIMEOUT_MS * 2 + 5, fired);
    vi.advanceTimersByTime(MAX_TIMEOUT_MS);
    expect(fired).not.toHaveBeenCalled();
    vi.advanceTimersByTime(MAX_TIMEOUT_MS);
    expect(fired).not.toHaveBeenCalled();
    vi.advanceTimersByTime(5);
    expect(fired).toHaveBeenCalledTimes(1);
  });

  it('fires at once for a time in the past, and cancels cleanly', () => {
    const clock = new SessionClock();
    const fired = vi.fn();
    timerAt(clock, -1, fired);
    vi.advanceTimersByTime(0);
    expect(fired).toHaveBeenCalledTimes(1);
    const cancel = timerAt(clock, 1000, fired);
    cancel();
    vi.advanceTimersByTime(2000);
    expect(fired).toHaveBeenCalledTimes(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('notices a sleep within one check, with no wake event (a plain setTimeout would wait the full hour)', () => {
    const clock = new SessionClock();
    const fired = vi.fn();
    timerAt(clock, 3_600_000, fired, 10_000);
    vi.advanceTimersByTime(1_000);
    // The laptop slept 2 hours: the wall clock jumped, the monotonic clock and the timers did not move.
    vi.setSystemTime(Date.now() + 7_200_000);
    vi.advanceTimersByTime(9_000);
    expect(fired).toHaveBeenCalledTimes(1);
  });

  it('is not delayed by a wall clock set back an hour (the monotonic clock says due)', () => {
    const clock = new SessionClock();
    const fired = vi.fn();
    timerAt(clock, 60_000, fired, 10_000);
    vi.advanceTimersByTime(30_000);
    vi.setSystemTime(Date.now() - 3_600_000);
    vi.advanceTimersByTime(30_000);
    expect(fired).toHaveBeenCalledTimes(1);
  });

  it('costs one timer wake-up per check interval while idle', () => {
    const clock = new SessionClock();
    const fired = vi.fn();
    timerAt(clock, 3_600_000, fired, 10_000);
    let wakeUps = 0;
    while (vi.getTimerCount() > 0) {
      vi.advanceTimersToNextTimer();
      wakeUps++;
    }
    expect(fired).toHaveBeenCalledTimes(1);
    expect(wakeUps).toBe(360);
  });
});

describe('SessionClock', () => {
  it('never runs backwards and follows whichever clock moved further', () => {
    const clock = new SessionClock();
    const start = clock.now();
    vi.advanceTimersByTime(1_000);
    expect(clock.now() - start).toBe(1_000);
    vi.setSystemTime(Date.now() - 3_600_000); // set back: time goes on by the monotonic clock
    vi.advanceTimersByTime(1_000);
    expect(clock.now() - start).toBe(2_000);
    vi.setSystemTime(Date.now() + 600_000); // a sleep: the wall clock jumps ahead
    expect(clock.now() - start).toBe(602_000);
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

describe('pollUntil', () => {
  const never = new AbortController().signal;

  it('looks at once, then every interval, and resolves at the first look that finds it ready', async () => {
    let looks = 0;
    const ready = () => ++looks >= 3;
    const done = vi.fn();
    void pollUntil(ready, { everyMs: 100, latestAt: Date.now() + 60_000, signal: never }).then(done);
    expect(looks).toBe(1);
    await vi.advanceTimersByTimeAsync(100);
    expect(done).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(100);
    expect(done).toHaveBeenCalledTimes(1);
    expect(looks).toBe(3);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('resolves at latestAt when it never gets ready, and stops looking', async () => {
    const ready = vi.fn(() => false);
    const done = vi.fn();
    void pollUntil(ready, { everyMs: 250, latestAt: Date.now() + 1_000, signal: never }).then(done);
    await vi.advanceTimersByTimeAsync(999);
    expect(done).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(done).toHaveBeenCalledTimes(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('looks when the listener prompts it between polls, and unregisters when done', async () => {
    let isReady = false;
    let prompt: (() => void) | undefined;
    const unlisten = vi.fn();
    const done = vi.fn();
    const listen = (look: () => void) => ((prompt = look), unlisten);
    void pollUntil(() => isReady, { everyMs: 10_000, latestAt: Date.now() + 60_000, signal: never, listen }).then(done);
    isReady = true;
    prompt!();
    await vi.advanceTimersByTimeAsync(0);
    expect(done).toHaveBeenCalledTimes(1);
    expect(unlisten).toHaveBeenCalled();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('rejects with the abort reason, unregisters and leaves no timer', async () => {
    const controller = new AbortController();
    const unlisten = vi.fn();
    const polled = pollUntil(() => false, { everyMs: 100, latestAt: Date.now() + 60_000, signal: controller.signal, listen: () => unlisten });
    controller.abort(new Error('stop'));
    await expect(polled).rejects.toThrow('stop');
    expect(unlisten).toHaveBeenCalled();
    expect(vi.getTimerCount()).toBe(0);
    await expect(pollUntil(() => true, { everyMs: 100, latestAt: 0, signal: controller.signal })).rejects.toThrow('stop');
  });
});
