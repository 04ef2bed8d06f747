// Issue 4, scenario 1 with Instant: ten token lifetimes of real work in the real viewer, proactive
// renewal on, instant on (see long-session.test.ts for instant off).
// What only a real browser proves: the real SDK's Instant websocket carries on across ten and more
// setSession calls in a row, with no auth failure, reload or lost annotation.
import { describe, it } from 'vitest';
import { expect } from 'vitest';
import { drawThroughChaos, proactiveForTenLifetimes, useLongSessionWorld } from './support/long-session';

const world = useLongSessionWorld();

describe('long session, proactive renewal on, instant true', () => {
  it('renews on schedule for 10 lifetimes: no reload, no auth failure, nothing lost; then 50 drawn in all through chaos, none lost', async () => {
    const { page, created } = await proactiveForTenLifetimes(world.harness(), world.browser(), { instant: true, firstId: 200 });
    const chaos = await drawThroughChaos(world.harness(), page, { draws: 50 - created.length, firstN: created.length });
    expect(created.length + chaos.drawn.length).toBeGreaterThanOrEqual(50);
    console.log(`chaos, instant on: ${chaos.note}`);
  });
});
