// Issue 4, scenarios 1 and 2: ten and more token lifetimes of real work in the real viewer,
// with proactive renewal (instant off and on) and with reactive renewal only.
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LogEntry } from '../../demo/server/stand-in';
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

/** The stand-in mints exp = whole seconds at minting + lifetime; minting starts with the request. */
function earliestExpiry(entry: LogEntry): number {
  return Math.floor((entry.time - entry.ms) / 1000) * 1000 + LIFETIME_S * 1000;
}

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
    // From the stand-in's log, not from timer windows (a busy machine delays timers by seconds):
    // each token was asked for before the one before it expired, none earlier than half its
    // life (no extra renewals), and the last one outlived the work: no gap, none extra.
    const requests = harness.standIn.log.entries({ since, kind: 'token' });
    expect(requests).toHaveLength(renewed.length);
    const chain = requests.map((entry) => ({ asked: entry.time - entry.ms, expires: earliestExpiry(entry) }));
    for (const [i, next] of chain.slice(1).entries()) {
      expect(next.asked, `renewal ${i + 1} came after its predecessor expired`).toBeLessThan(chain[i]!.expires);
      expect(next.asked - chain[i]!.asked, `renewal ${i + 1} came early`).toBeGreaterThan((LIFETIME_S * 1000) / 2);
    }
    expect(chain.at(-1)!.expires).toBeGreaterThan(ended);
    expect(proactive.length).toBeGreaterThanOrEqual(Math.floor((ended - started) / (LIFETIME_S * 1000)));
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
