// Issue 4, scenarios 1 and 2: ten and more token lifetimes of real work in the real viewer,
// with proactive renewal (instant off and on) and with reactive renewal only.
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { workFor } from './support/activity';
import { launchChromium } from './support/chromium';
import { type Harness, startHarness } from './support/harness';
import { authFailuresSince, SessionPage, storedAnnotationIds, tokenRequestsSince } from './support/session-page';

const LIFETIME_S = 10;
const TEN_LIFETIMES_MS = 10 * LIFETIME_S * 1000 + 2_000;

let harness: Harness;
let browser: Browser;
beforeAll(async () => {
  [harness, browser] = await Promise.all([startHarness({ tokenLifetimeSec: LIFETIME_S }), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await harness?.close();
});
// A page left open by a failed test would keep renewing and skew the next test's counts.
afterEach(async () => {
  await Promise.all(browser.contexts().map((context) => context.close()));
});

describe.each([
  { instant: false, firstId: 0 },
  { instant: true, firstId: 200 },
])('long session, proactive renewal on, instant $instant', ({ instant, firstId }) => {
  it('renews on schedule for 10 lifetimes: no reload, no auth failure, nothing lost', async () => {
    const since = harness.standIn.log.lastSeq;
    const page = await SessionPage.open(browser, harness, { instant });
    expect(await page.status()).toMatchObject({ status: 'loaded' });
    const started = Date.now();
    const { created } = await workFor(page, TEN_LIFETIMES_MS, 2_500, firstId);
    const ended = Date.now();

    const renewed = await page.eventsOf('renewed');
    const proactive = renewed.filter((event) => event.reason === 'proactive');
    expect(renewed.map((event) => event.reason)).toEqual(['initial', ...proactive.map(() => 'proactive')]);
    // A 10 s token is renewed 2.5 s before its expiry (a quarter of its life), less up to 2 s
    // that whole-second timestamps (iat, Date) may hide: every 5.5 to 7.5 s, none missed, none extra.
    const gaps = renewed.slice(1).map((event, i) => event.at - renewed[i]!.at);
    for (const gap of gaps) {
      expect(gap).toBeGreaterThan(5_000);
      expect(gap).toBeLessThan(8_000);
    }
    expect(proactive.length).toBeGreaterThanOrEqual(Math.floor((ended - started) / 8_000));
    expect(tokenRequestsSince(harness, since)).toBe(renewed.length);
    expect(authFailuresSince(harness, since)).toBe(0);
    expect(await page.eventsOf('error')).toEqual([]);
    expect(await page.neverReloaded()).toBe(true);
    expect(await storedAnnotationIds(harness)).toEqual(expect.arrayContaining(created));
    expect(created.length).toBeGreaterThanOrEqual(10);
  });
});

describe('long session, reactive renewal only (proactive off)', () => {
  it('recovers every expiry through onAuthFailed -> setSession with one token request each', async () => {
    const since = harness.standIn.log.lastSeq;
    const page = await SessionPage.open(browser, harness, { proactive: false });
    const { created } = await workFor(page, TEN_LIFETIMES_MS, 2_500, 400);

    const renewed = await page.eventsOf('renewed');
    const reactive = renewed.filter((event) => event.reason === 'auth-failed');
    expect(renewed.map((event) => event.reason)).toEqual(['initial', ...reactive.map(() => 'auth-failed')]);
    expect(reactive.length).toBeGreaterThanOrEqual(8); // about one per lifetime of work
    // However many tiles and syncs failed at each expiry, one request to the token endpoint.
    expect(tokenRequestsSince(harness, since)).toBe(renewed.length);
    expect(authFailuresSince(harness, since)).toBeGreaterThan(reactive.length);
    expect(await page.eventsOf('error')).toEqual([]);
    expect(await page.neverReloaded()).toBe(true);
    expect(await storedAnnotationIds(harness)).toEqual(expect.arrayContaining(created));
  });
});
