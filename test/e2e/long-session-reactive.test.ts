// Issue 4, scenario 2: ten token lifetimes of real work in the real viewer with reactive renewal
// only (proactive off).
// What only a real browser proves: the real SDK fails many tiles and syncs at once at each expiry,
// calls onAuthFailed, and retries them on the session the library hands it: one token request per
// expiry, nothing lost, no reload. The fake SDK's version of this is test/unit/fake-sdk.test.ts.
import { describe, it } from 'vitest';
import { reactiveForTenLifetimes, useLongSessionWorld } from './support/long-session';

const world = useLongSessionWorld();

describe('long session, reactive renewal only (proactive off)', () => {
  it('recovers every expiry through onAuthFailed -> setSession with one token request each', () =>
    reactiveForTenLifetimes(world.harness(), world.browser()));
});
