// Issue 4, scenarios 1 and 2, shared by test/e2e/long-session*.test.ts: ten and more token
// lifetimes of real work in the real viewer. One session per file, so that the three (proactive
// with instant off and on, reactive only) can run at the same time in separate processes, each
// with a stand-in, dev server and browser of its own: ten 10 s lifetimes are 100 s of wall clock
// each. Three sessions served from one process missed renewals on a busy machine (a tile render
// holds the token answer), so they are not put in one file to run concurrently.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import type { LogEntry } from '../../../demo/server/stand-in';
import { workFor } from './activity';
import { launchChromium } from './chromium';
import { type Harness, startHarness } from './harness';
import { authFailuresSince, SessionPage, storedAnnotationIds, tokenRequestsSince } from './session-page';

export const LIFETIME_S = 10;
const TEN_LIFETIMES_MS = 10 * LIFETIME_S * 1000 + 2_000;

/** The file's stand-in (10 s tokens) and browser, started before its one test and closed after. */
export function useLongSessionWorld(): { harness: () => Harness; browser: () => Browser } {
  let harness: Harness;
  let browser: Browser;
  beforeAll(async () => {
    [harness, browser] = await Promise.all([startHarness({ tokenLifetimeSec: LIFETIME_S }), launchChromium()]);
  });
  afterAll(async () => {
    await browser?.close();
    await harness?.close();
  });
  return { harness: () => harness, browser: () => browser };
}

/** The stand-in mints exp = whole seconds at minting + lifetime; minting starts with the request. */
function earliestExpiry(entry: LogEntry): number {
  return Math.floor((entry.time - entry.ms) / 1000) * 1000 + LIFETIME_S * 1000;
}

/** Proactive renewal on: renews on schedule for 10 lifetimes, no reload, no auth failure, nothing lost. */
export async function proactiveForTenLifetimes(harness: Harness, browser: Browser, { instant, firstId }: { instant: boolean; firstId: number }) {
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
}

/** Proactive renewal off: every expiry recovered through onAuthFailed -> setSession with one token request each. */
export async function reactiveForTenLifetimes(harness: Harness, browser: Browser) {
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
}
