// Issue 8's behaviours that concern the viewer, written against the planned core (see each test).
// What only a real browser proves: how the real SDK holds and retries its requests around these
// renewals (up to its 30 s refresh); the decisions themselves are unit-tested with fake timers.
// One browser and one stand-in (20 s tokens, as in the repro) for the file.
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LogEntry } from '../../demo/server/stand-in';
import { launchChromium } from './support/chromium';
import { type Harness, startHarness } from './support/harness';
import { authFailuresSince, SessionPage, tokenRequestsSince } from './support/session-page';

const LIFETIME_S = 20;

let harness: Harness;
let browser: Browser;
beforeAll(async () => {
  [harness, browser] = await Promise.all([startHarness({ tokenLifetimeSec: LIFETIME_S }), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await harness?.close();
});
afterEach(async () => {
  await Promise.all(browser.contexts().map((context) => context.close()));
  harness.standIn.faults.clearTokenFaults();
});

/** The stand-in mints exp = whole seconds at minting + lifetime; minting starts with the request. */
function earliestExpiry(entry: LogEntry): number {
  return Math.floor((entry.time - entry.ms) / 1000) * 1000 + LIFETIME_S * 1000;
}

function renewNow(page: SessionPage): Promise<string> {
  return page.page.evaluate(() => window.__e2e!.session!.renew().then(() => 'renewed', (error: Error) => error.name));
}

describe('issue 8.1: a failed manual renewal never disables proactive renewal', () => {
  it('after a refused "Renew now" (HTML login page) early in a token\'s life, the next renewal still comes before expiry', async () => {
    const { faults, log } = harness.standIn;
    const since = log.lastSeq;
    const page = await SessionPage.open(browser, harness, { proactive: true });
    expect(await page.status()).toMatchObject({ status: 'loaded' });
    expect(await renewNow(page)).toBe('renewed');
    const good = log.entries({ since, kind: 'token', status: 200 }).at(-1)!;
    faults.queueTokenFault({ mode: 'html' });
    expect(await renewNow(page)).toBe('RefreshResponseError');
    const failedSeq = log.lastSeq;

    // Work in the viewer (every step needs the engine) until the proactive renewal arrives.
    const proactiveBefore = (await page.eventsOf('renewed')).filter((event) => event.reason === 'proactive').length;
    let zoom = 1;
    while ((await page.eventsOf('renewed')).filter((event) => event.reason === 'proactive').length === proactiveBefore) {
      if (Date.now() > earliestExpiry(good) + 30_000) break; // long past expiry: fail below, not by timeout
      zoom += 0.05;
      await page.zoomTo(zoom);
      await page.page.waitForTimeout(500);
    }
    const next = log.entries({ since: failedSeq, kind: 'token', status: 200 })[0];
    expect(next, 'no token request after the failed manual renewal').toBeDefined();
    expect(next!.time - next!.ms).toBeLessThan(earliestExpiry(good));
    // Past the old token's expiry the engine still sees only valid sessions.
    const after = log.lastSeq;
    await page.zoomTo(zoom + 0.2);
    await log.waitFor({ since: after, kind: 'tile', status: 200 }, 30_000);
    expect(authFailuresSince(harness, since)).toBe(0);
    expect(await page.sessionState()).toMatchObject({ state: 'active' });
  });
});

describe('issue 8.5: a login redirect from the token endpoint means logged out', () => {
  it('a same-origin 302 to the sign-in page ends the session once, without following it', async () => {
    const { faults, log } = harness.standIn;
    const page = await SessionPage.open(browser, harness, { proactive: false });
    const since = log.lastSeq;
    faults.queueTokenFault({ mode: '302' });
    faults.expireSessions();
    await page.zoomTo(1.5);
    const [ended] = await page.waitForEvents('ended', 1);
    expect(ended).toMatchObject({ error: { name: 'SessionEndedError' } });
    expect(`${ended!.error!.message} ${ended!.error!.reason ?? ''}`).toMatch(/redirect/i);
    expect(await page.sessionState()).toMatchObject({ state: 'ended', lastError: 'SessionEndedError' });
    expect(log.count({ since, path: '/api/login' })).toBe(0); // the redirect was not followed
    expect(tokenRequestsSince(harness, since)).toBe(1);

    // The viewer's next refused requests ask nothing more and end nothing more. (While the SDK
    // holds a refresh, up to its 30 s, the viewer sends nothing: hence the long wait.)
    const endedSeq = log.lastSeq;
    await page.zoomTo(1.8);
    await log.waitFor({ since: endedSeq, server: 'engine', status: 403 }, 60_000);
    expect(tokenRequestsSince(harness, endedSeq)).toBe(0);
    expect(await page.eventsOf('ended')).toHaveLength(1);
  });
});

describe('issue 8.3: navigator.onLine === false is a hint, not a fact', () => {
  it('a browser that says offline while the network works still gets a token and loads the viewer', async () => {
    const { log } = harness.standIn;
    const since = log.lastSeq;
    const page = await SessionPage.open(browser, harness, { reportsOffline: true });
    expect(await page.page.evaluate(() => navigator.onLine)).toBe(false);
    expect(await page.status()).toMatchObject({ status: 'loaded' });
    expect(tokenRequestsSince(harness, since)).toBeGreaterThanOrEqual(1);
    await log.waitFor({ since, kind: 'tile', status: 200 }, 30_000);
    // Only this page's engine sessions: a page closed by the previous test may still log a late 401.
    const mine = new Set(log.entries({ since, kind: 'auth', status: 200 }).map((entry) => entry.session));
    const refused = log.entries({ server: 'engine', since, status: (s) => s === 401 || s === 403 });
    expect(refused.filter((entry) => mine.has(entry.session))).toEqual([]);
  });
});

describe('issue 8.8: a backend that serves the same token again', () => {
  it('is not handed to setSession again: a non-fatal TokenNotExtendedError, no /auth, few requests until expiry', async () => {
    const { faults, log } = harness.standIn;
    const page = await SessionPage.open(browser, harness, { proactive: true });
    expect(await page.status()).toMatchObject({ status: 'loaded' });
    const since = log.lastSeq;
    const { session } = log.entries({ kind: 'auth', status: 200 }).at(-1)!;
    const renewals = (await page.eventsOf('renewed')).length;
    faults.queueTokenFault({ mode: 'same-token', count: 1_000 });

    const [error] = await page.waitForEvents('error', 1, undefined, 40_000);
    expect(error).toMatchObject({ fatal: false, error: { name: 'TokenNotExtendedError' } });
    // Until the engine itself says the token has expired, the library keeps asking rarely.
    await expect.poll(() => faults.sessionStatus(session!), { timeout: 40_000, interval: 250 }).toBe('expired');
    expect(log.count({ since, kind: 'auth' })).toBe(0); // the same JWT never went to setSession
    expect(tokenRequestsSince(harness, since)).toBeLessThanOrEqual(3);
    expect(await page.eventsOf('renewed')).toHaveLength(renewals);
  });
});
