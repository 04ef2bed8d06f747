// The simulation's clock must model sleep and hidden tabs faithfully, or headline 1 measures nothing.
import { afterEach, describe, expect, it } from 'vitest';
import { ownerOfStack, VirtualClock } from './virtual-clock.js';

const START = Date.UTC(2025, 0, 6, 8, 0, 0);
let restore = () => {};
afterEach(() => restore());

describe('VirtualClock', () => {
  it('sleep: the wall clock jumps, performance.now() and pending timers wait, so a timer fires late by the sleep', async () => {
    const clock = new VirtualClock(START);
    restore = clock.install();
    const firedAt: number[] = [];
    setTimeout(() => firedAt.push(Date.now()), 60_000);
    await clock.advance(10_000);
    const monoBefore = performance.now();
    clock.sleep(3_600_000);
    expect(Date.now()).toBe(START + 10_000 + 3_600_000);
    expect(performance.now()).toBe(monoBefore);
    await clock.advance(50_000);
    expect(firedAt).toEqual([START + 60_000 + 3_600_000]);
  });

  it('a hidden tab runs timers aligned to 1 s, and chained ones (5 or more) to 1 min after 5 min hidden', async () => {
    const clock = new VirtualClock(START);
    restore = clock.install();
    clock.hide();
    const firedAt: number[] = [];
    setTimeout(() => firedAt.push(performance.now()), 1_200);
    setTimeout(() => firedAt.push(performance.now()), 6 * 60_000 + 500); // not chained: 1 s alignment only
    const chained: number[] = [];
    const link = () => {
      chained.push(performance.now());
      if (chained.length < 8) setTimeout(link, 50_000);
    };
    setTimeout(link, 50_000);
    await clock.advance(10 * 60_000);
    expect(firedAt).toEqual([2_000, 6 * 60_000 + 1_000]);
    // Links 1-5 every 50 s (the fifth, at chain count 4, at 250 s); from the sixth on, past 5 min hidden, aligned to whole minutes.
    expect(chained).toEqual([50_000, 100_000, 150_000, 200_000, 250_000, 300_000, 360_000, 420_000]);
  });

  it('a network response is on time in a hidden tab, and no timer wake-up', async () => {
    const clock = new VirtualClock(START);
    restore = clock.install();
    clock.hide();
    await clock.advance(10 * 60_000);
    const started = performance.now();
    let arrived: number | undefined;
    void clock.network(80).then(() => (arrived = performance.now()));
    await clock.advance(1_000);
    expect(arrived! - started).toBe(80);
    expect(clock.wakeUps).toEqual({ ours: 0, guide: 0, other: 0 });
  });

  it('setInterval repeats on the monotonic clock and counts wake-ups per owner', async () => {
    const clock = new VirtualClock(START);
    restore = clock.install();
    let ticks = 0;
    const handle = setInterval(() => ticks++, 10_000);
    await clock.advance(35_000);
    clearInterval(handle);
    await clock.advance(60_000);
    expect(ticks).toBe(3);
    expect(clock.wakeUps.other).toBe(3);
  });

  it('attributes a timer to the first frame outside the clock: src/ and its dependencies are ours', () => {
    const frame = (path: string) => `Error\n    at add (/repo/bench/virtual-clock.ts:1:1)\n    at x (${path}:2:3)`;
    expect(ownerOfStack(frame('/repo/src/timer.ts'))).toBe('ours');
    expect(ownerOfStack(frame('/repo/node_modules/p-retry/index.js'))).toBe('ours');
    expect(ownerOfStack(frame('/repo/bench/baseline.ts'))).toBe('guide');
    expect(ownerOfStack(frame('/repo/test/support/fake-engine.ts'))).toBe('other');
  });
});

describe('VirtualClock nesting', () => {
  it('a loop of 0 ms timers is clamped to 4 ms after 5 levels, as in browsers, so time passes', async () => {
    const clock = new VirtualClock(START);
    restore = clock.install();
    const at: number[] = [];
    const loop = () => {
      at.push(performance.now());
      if (at.length < 8) setTimeout(loop, 0);
    };
    setTimeout(loop, 0);
    await clock.advance(100);
    expect(at).toEqual([0, 0, 0, 0, 0, 0, 4, 8]);
  });
});
