// The day player must honour its wake-event switch and count stalls as recoveries, or headline 1 lies.
import { describe, expect, it } from 'vitest';
import { periodicSleeps, play } from './day-plan.js';
import { diff, World } from './sim-viewer.js';
import { seededRandom } from './stats.js';

// 8-minute sleeps: longer than the guide's 5-minute margin and ours' 60 s.
const plan = periodicSleeps('t', 2, 4, 31, 8);

async function run(side: 'ours' | 'guide', wakeEvents: boolean) {
  const world = await World.open({ side, lifetimeSec: 600, wakeEvents });
  try {
    const before = world.counters();
    await play(world, plan, seededRandom(1), { firstRequestMs: [2_000, 2_000] });
    return { ...diff(world.counters(), before), wakeEventsDelivered: world.wakeEventsDelivered };
  } finally {
    await world.close();
  }
}

describe('simulated viewer', () => {
  it('delivers a wake event after each sleep only when asked to', async () => {
    const sleeps = plan.segments.filter((s) => s.kind === 'sleep').length;
    expect((await run('ours', true)).wakeEventsDelivered).toBe(sleeps);
    expect((await run('ours', false)).wakeEventsDelivered).toBe(0);
  });

  it('counts one stall per recovery, not one per 401 line', async () => {
    const guide = await run('guide', false);
    expect(guide.stalls).toBeGreaterThan(0);
    expect(guide.failedRequests).toBe(0); // the SDK's retry after each recovery succeeds
    // each recovery is a refused soft refresh plus the waiting request's own 401: two failure lines, one stall
    expect(guide.waitedRequests).toBe(guide.stalls);
  });
});
