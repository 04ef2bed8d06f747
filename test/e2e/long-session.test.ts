// Issue 4, scenario 1: ten token lifetimes of real work in the real viewer, proactive renewal on,
// instant off. Instant on: long-session-instant.test.ts; reactive only: long-session-reactive.test.ts.
// What only a real browser proves: the real SDK takes setSession ten times and more in a row while
// tiles and syncs keep flowing, the page's own timers ask before each token expires, and nothing
// reloads or is lost. The schedule over hours is proven with fake timers in test/unit/long-session.test.ts.
import { describe, it } from 'vitest';
import { expect } from 'vitest';
import { drawThroughChaos, proactiveForTenLifetimes, useLongSessionWorld } from './support/long-session';

const world = useLongSessionWorld();

describe('long session, proactive renewal on, instant false', () => {
  it('renews on schedule for 10 lifetimes: no reload, no auth failure, nothing lost; then 50 drawn in all through chaos, none lost', async () => {
    const { page, created } = await proactiveForTenLifetimes(world.harness(), world.browser(), { instant: false, firstId: 0 });
    const chaos = await drawThroughChaos(world.harness(), page, { draws: 50 - created.length, firstN: created.length });
    expect(created.length + chaos.drawn.length).toBeGreaterThanOrEqual(50);
    console.log(`chaos, instant off: ${chaos.note}`);
  });
});
