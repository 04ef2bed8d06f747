// Issue 4, scenario 1 with Instant: ten token lifetimes of real work in the real viewer, proactive
// renewal on, instant on (see long-session.test.ts for instant off).
// What only a real browser proves: the real SDK's Instant websocket carries on across ten and more
// setSession calls in a row, with no auth failure, reload or lost annotation.
import { describe, it } from 'vitest';
import { proactiveForTenLifetimes, useLongSessionWorld } from './support/long-session';

const world = useLongSessionWorld();

describe('long session, proactive renewal on, instant true', () => {
  it('renews on schedule for 10 lifetimes: no reload, no auth failure, nothing lost', () =>
    proactiveForTenLifetimes(world.harness(), world.browser(), { instant: true, firstId: 200 }));
});
