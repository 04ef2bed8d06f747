// Issue 4: ten token lifetimes of real work in the real viewer, three ways at once, each with its own
// stand-in, dev server and browser (they mostly wait on token lifetimes): proactive renewal with
// instant off, the same with Instant, and reactive renewal only (proactive off). Then issue 20's
// chaos user on the first two.
// What only a real browser proves: the real SDK takes setSession ten times and more in a row while
// tiles and syncs keep flowing (and the Instant websocket carries on), the page's own timers ask
// before each token expires, and nothing reloads or is lost; with reactive renewal, the real SDK
// fails many tiles and syncs at once at each expiry, calls onAuthFailed, and retries them on the
// session the library hands it: one token request per expiry. The schedule over hours is proven
// with fake timers in test/unit/long-session.test.ts; the fake SDK's reactive run is test/unit/fake-sdk.test.ts.
import { describe, expect, it } from 'vitest';
import { drawThroughChaos, proactiveForTenLifetimes, reactiveForTenLifetimes, useLongSessionWorld } from './support/long-session';

describe.concurrent('long sessions, three at once', () => {
  for (const instant of [false, true]) {
    describe(`long session, proactive renewal on, instant ${instant}`, () => {
      const world = useLongSessionWorld();
      it('renews on schedule for 10 lifetimes: no reload, no auth failure, nothing lost; then 50 drawn in all through chaos, none lost', async () => {
        const { page, created } = await proactiveForTenLifetimes(world.harness(), world.browser(), { instant, firstId: instant ? 200 : 0 });
        const chaos = await drawThroughChaos(world.harness(), page, { draws: 50 - created.length, firstN: created.length });
        expect(created.length + chaos.drawn.length).toBeGreaterThanOrEqual(50);
        console.log(`chaos, instant ${instant ? 'on' : 'off'}: ${chaos.note}`);
      });
    });
  }

  describe('long session, reactive renewal only (proactive off)', () => {
    const world = useLongSessionWorld();
    it('recovers every expiry through onAuthFailed -> setSession with one token request each', () =>
      reactiveForTenLifetimes(world.harness(), world.browser()));
  });
});
