// One Chromium and one stand-in for an e2e file, with the hooks such files repeat: both started
// before the file's tests and closed after them; after each test, its browser contexts closed and
// the stand-in's token faults cleared and its token lifetime set back (a test may change both).
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { launchChromium } from './chromium';
import { type Harness, startHarness } from './harness';

export interface SharedBrowser {
  /** Set once the file's `beforeAll` hooks have run. */
  harness: Harness;
  browser: Browser;
}

/** Call at the top of an e2e file; the returned object is filled before its tests run. */
export function useSharedBrowser(tokenLifetimeSec: number): SharedBrowser {
  const shared = {} as SharedBrowser;
  beforeAll(async () => {
    [shared.harness, shared.browser] = await Promise.all([startHarness({ tokenLifetimeSec }), launchChromium()]);
  });
  afterAll(async () => {
    await shared.browser?.close();
    await shared.harness?.close();
  });
  afterEach(async () => {
    await Promise.all(shared.browser.contexts().map((context) => context.close()));
    shared.harness.standIn.faults.clearTokenFaults();
    shared.harness.standIn.faults.configure({ tokenLifetimeSec });
  });
  return shared;
}
