// The forms of auth failure the real viewer (SDK 1.22.0) recovers from, and the tile error bodies it
// tolerates. docs/sdk-behaviour.md ("Auth failure forms") reports what this file observes.
// What only a real browser proves: which answers the real SDK's tile and sync code takes for an auth
// failure; the library's handling of each, with a fake SDK, is in test/unit.
// One browser, one stand-in and one viewer page for the whole file: each case needs new tiles,
// which a zoom level not rendered before gives.
import type { Browser, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthFailureForm } from '../../demo/server/stand-in';
import { launchChromium } from './support/chromium';
import { type Harness, startHarness } from './support/harness';
import { SessionPage, storedAnnotationIds, tokenRequestsSince } from './support/session-page';

let harness: Harness;
let browser: Browser;
let page: SessionPage;
let zoom = 1;
const pageErrors: string[] = [];
const consoleErrors: string[] = [];

beforeAll(async () => {
  // Long-lived tokens and no proactive renewal: every expiry and every renewal is the test's own.
  [harness, browser] = await Promise.all([startHarness({ tokenLifetimeSec: 600 }), launchChromium()]);
  page = await SessionPage.open(browser, harness, { proactive: false });
  page.page.on('pageerror', (error) => pageErrors.push(`${error.name}: ${error.message}`));
  page.page.on('console', (message) => { if (message.type() === 'error') consoleErrors.push(message.text()); });
  await harness.standIn.log.waitFor({ kind: 'tile', status: 200 });
});
afterAll(async () => {
  await browser?.close();
  await harness?.close();
});

/** Needs tiles at a size not rendered yet. */
function zoomIn() {
  zoom += 0.15;
  return page.zoomTo(zoom);
}

const FORMS: { form: AuthFailureForm; status: number }[] = [
  { form: '401-json', status: 401 },
  { form: '401-text', status: 401 },
  { form: '403-expired', status: 403 },
  { form: '403-invalid', status: 403 },
  { form: '403-revoked', status: 403 },
];

describe.each(FORMS)('reactive recovery when the engine answers auth failures as $form', ({ form, status }) => {
  it('tiles and sync fail, onAuthFailed, one token request, setSession, retried with 200, no reload', async () => {
    const { faults, log } = harness.standIn;
    faults.setAuthFailureForm(form);
    const renewals = (await page.eventsOf('renewed')).length;
    const since = log.lastSeq;
    const errorsBefore = pageErrors.length;
    faults.expireSessions();
    const [id] = await Promise.all([page.createRectangle(0, 10 + renewals), zoomIn()]);

    const [renewed] = (await page.waitForEvents('renewed', renewals + 1)).slice(renewals);
    expect(renewed).toMatchObject({ reason: 'auth-failed', attempts: 1 });
    const reopened = await log.waitFor({ since, kind: 'auth', status: 200 });
    await log.waitFor({ since: reopened.seq, kind: 'tile', status: 200, session: reopened.session! });
    expect(await storedAnnotationIds(harness)).toContain(id);
    // The failures came in this form, the soft refresh (old JWT) was refused in it too.
    expect(log.count({ since, server: 'engine', status: (s) => s === 401 || s === 403 })).toBeGreaterThan(0);
    expect(log.count({ since, server: 'engine', status: status === 401 ? 403 : 401 })).toBe(0);
    expect(log.count({ since, kind: 'auth', status })).toBeGreaterThanOrEqual(1);
    expect(tokenRequestsSince(harness, since)).toBe(1);
    expect(await page.sessionState()).toMatchObject({ state: 'active' });
    expect(await page.eventsOf('error')).toEqual([]);
    expect(pageErrors.slice(errorsBefore)).toEqual([]);
    expect(await page.neverReloaded()).toBe(true);
  });
});

/** Answers each new tile request once (or every time) with `answer`, passing the rest to the engine. */
async function failTiles(answer: { status: number; type: string; body: string }, every = false) {
  const failed = new Set<string>();
  const retried = new Set<string>();
  const handler = (route: Route) => {
    const request = route.request();
    if (request.method() === 'OPTIONS') return route.continue();
    const url = request.url();
    if (!every && failed.has(url)) {
      retried.add(url);
      return route.continue();
    }
    failed.add(url);
    const headers = { 'content-type': answer.type, 'access-control-allow-origin': harness.pageOrigin };
    return route.fulfill({ status: answer.status, body: answer.body, headers });
  };
  await page.page.route(/-tile-/, handler);
  return { failed, retried, stop: () => page.page.unroute(/-tile-/, handler) };
}

async function consoleErrorsMatching(pattern: RegExp, from: number): Promise<string[]> {
  await expect.poll(() => consoleErrors.slice(from).filter((text) => pattern.test(text)).length, { timeout: 30_000 }).toBeGreaterThan(0);
  return consoleErrors.slice(from).filter((text) => pattern.test(text));
}

describe('tile error bodies (session still valid, answers faked in the browser)', () => {
  it.each([
    { status: 401, type: 'text/plain', body: 'Unauthorized' },
    { status: 401, type: 'application/json', body: '{"reason":"expired_token"}' },
    { status: 401, type: 'application/json; charset=utf-8', body: '{"reason":"expired_token"}' },
    { status: 401, type: 'application/json', body: 'Unauthorized' },
    { status: 403, type: 'application/json', body: '{"error":"Token has expired"}' },
  ])('recognised: $status $type $body -> soft refresh, every tile retried with 200, no page error', async (answer) => {
    const { log } = harness.standIn;
    const since = log.lastSeq;
    const errorsBefore = pageErrors.length;
    const tiles = await failTiles(answer);
    await zoomIn();
    await expect.poll(() => tiles.failed.size > 0 && tiles.retried.size === tiles.failed.size, { timeout: 30_000 }).toBe(true);
    await tiles.stop();
    expect(log.count({ since, kind: 'auth', status: 200 })).toBeGreaterThanOrEqual(1); // the soft refresh
    await expect.poll(() => log.count({ since, kind: 'tile', status: 200 })).toBeGreaterThanOrEqual(tiles.retried.size);
    expect(pageErrors.slice(errorsBefore)).toEqual([]);
  });

  it.each([
    { status: 403, type: 'application/json', body: '{"reason":"expired_token"}', shows: /body stream already read/ },
    { status: 403, type: 'text/plain', body: 'Forbidden', shows: /unknown error \(403\)/ },
    { status: 403, type: 'text/plain', body: 'token has expired', shows: /unknown error \(403\)/ },
  ])('not recognised: $status $type $body -> no refresh, no retry, a console error per tile', async ({ shows, ...answer }) => {
    const { log } = harness.standIn;
    const since = log.lastSeq;
    const errorsBefore = pageErrors.length;
    const from = consoleErrors.length;
    const tiles = await failTiles(answer);
    await zoomIn();
    await consoleErrorsMatching(shows, from);
    await tiles.stop();
    expect(tiles.retried.size).toBe(0);
    expect(log.count({ since, kind: 'auth' })).toBe(0);
    expect(pageErrors.slice(errorsBefore)).toEqual([]);
  });

  it.each([
    { status: 401, type: 'application/json', body: '{"reason":"expired_token"}', shows: /body stream already read/ },
    { status: 401, type: 'application/json; charset=utf-8', body: '{"reason":"expired_token"}', shows: /unknown error \(401\)/ },
    { status: 401, type: 'application/json', body: 'Unauthorized', shows: /SyntaxError/ },
    { status: 403, type: 'application/json', body: '{"error":"Token has expired"}', shows: /could not render the requested image \(Token has expired\)/ },
  ])('retry fails too: $status $type $body -> the tile code reads the body, a console error, no page error', async ({ shows, ...answer }) => {
    const errorsBefore = pageErrors.length;
    const from = consoleErrors.length;
    const tiles = await failTiles(answer, true);
    await zoomIn();
    await consoleErrorsMatching(shows, from);
    await tiles.stop();
    expect(pageErrors.slice(errorsBefore)).toEqual([]);
  });
});
