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
import { authFailuresSince, SessionPage, sleep, storedAnnotationIds, tokenRequestsSince } from './session-page';

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
  // A renewal may be on its way as the work ends (its request logged, its event not yet): let it land.
  await page.page.waitForFunction(() => window.__e2e!.session!.state !== 'renewing', undefined, { timeout: 30_000, polling: 100 });

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
  return { page, created };
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
  return { page, created };
}

/** What the chaos run injects, in order, one every few drawings: every fault a long day brings. */
type Fault = (harness: Harness) => unknown;
const CHAOS: [string, Fault][] = [
  ['token endpoint 503 twice', ({ standIn }) => standIn.faults.queueTokenFault({ mode: '503', count: 2 })],
  ['engine down', ({ standIn }) => standIn.faults.engineDown()],
  ['engine up', ({ standIn }) => standIn.faults.engineUp()],
  ['token endpoint hangs', ({ standIn }) => standIn.faults.queueTokenFault({ mode: 'hang', count: 1 })],
  ['websockets dropped', ({ standIn }) => standIn.faults.dropWebsockets()],
  ['sessions expired', ({ standIn }) => standIn.faults.expireSessions()],
  ['token endpoint 503 then hang', ({ standIn }) => (standIn.faults.queueTokenFault({ mode: '503', count: 1 }), standIn.faults.queueTokenFault({ mode: 'hang', count: 1 }))],
  ['sessions expired', ({ standIn }) => standIn.faults.expireSessions()],
];

/**
 * Issue 20's chaos user, on the page a long session left behind: `draws` rectangles, four a second
 * without waiting for any save, while the 10 s tokens keep expiring and the faults above come one
 * every few drawings. Then the engine is healthy again: every rectangle must be in the viewer, and
 * at the engine once the session's end has saved what autosave could not.
 */
export async function drawThroughChaos(harness: Harness, page: SessionPage, { draws, firstN }: { draws: number; firstN: number }): Promise<{ drawn: string[]; note: string }> {
  const drawn: string[] = [];
  const every = Math.max(1, Math.floor(draws / (CHAOS.length + 1)));
  try {
    for (let i = 0; i < draws; i++) {
      const fault = i > 0 && i % every === 0 ? CHAOS[i / every - 1] : undefined;
      if (fault) await fault[1](harness);
      drawn.push(await page.startRectangle(i % 3, (firstN + i) % 40));
      await sleep(250);
    }
  } finally {
    await harness.standIn.faults.engineUp();
    harness.standIn.faults.clearTokenFaults();
  }
  expect(await page.page.evaluate(() => window.__e2e!.annotationIds())).toEqual(expect.arrayContaining(drawn));
  // The viewer syncs what failed while the engine was down once it is back (Instant after its
  // backoff); how long that took is reported. Then the session's end saves anything left.
  const unsaved = await page.page.evaluate(() => window.__e2e!.session!.unsavedChanges);
  const settling = Date.now();
  await expect.poll(() => page.page.evaluate(() => window.__e2e!.session!.unsavedChanges), { timeout: 60_000, interval: 500 }).toBe(0);
  const settledMs = Date.now() - settling;
  await page.page.evaluate(() => window.__e2e!.session!.unload());
  expect(await page.eventsOf('save-failed')).toEqual([]);
  expect(await storedAnnotationIds(harness)).toEqual(expect.arrayContaining(drawn));
  return { drawn, note: `${drawn.length} drawn, ${unsaved} pending after the chaos, all saved ${settledMs} ms later` };
}
