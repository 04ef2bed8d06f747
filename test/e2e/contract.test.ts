// Contract test: the REAL viewer (@nutrient-sdk/viewer, bare, no library code) in real Chromium
// against the Document Engine stand-in, for every SDK version in demo/vite/sdk-versions.ts (older
// ones installed under npm aliases). If an SDK's protocol changes, this is what fails first.
// What only a real browser proves: what the real SDK sends and accepts (tiles, /auth, sync, the
// websocket, load errors), which the unit tests' fake SDK (test/support/fake-instance.ts) copies.
// One Chromium and one stand-in serve all versions; each version gets its own page.
// One version only: npx vitest run test/e2e/contract.test.ts -t "SDK 1.14.0"
import { mkdirSync, writeFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {} from '../../demo/contract-api';
import { CONTRACT_SDK_VERSIONS, type ContractSdkVersion } from '../../demo/vite/sdk-versions';
import { isAuthLoadError } from '../../src/viewer/viewer-sdk';
import { launchChromium } from './support/chromium';
import { type Harness, startHarness } from './support/harness';
import { pixelStats } from './support/pixels';

const TILE_PAGE_0 = /\/page-0-dimensions-\d+-\d+-tile-/;
const FIRST_LOAD_MS = 180_000;

/**
 * SDK noise, same code in 1.14 to 1.22 (docs/sdk-behaviour.md): a sync long poll aborted while it
 * waits for a pending auth refresh, or a request cancelled by `unload()`, rejects unhandled with
 * this. Harmless; this page uses the SDK bare, without the library that quiets the unload case.
 */
const isSdkAbortNoise = (error: Error) => error.name === 'AbortError' && error.message === 'signal is aborted without reason';

let harness: Harness;
let browser: Browser;

beforeAll(async () => {
  [harness, browser] = await Promise.all([startHarness(), launchChromium()]);
});

afterAll(async () => {
  await browser?.close();
  await harness?.close();
});

/** Opens the contract page on one SDK version and waits until its load() settled. */
async function openContractPage(version: ContractSdkVersion): Promise<{ page: Page; pageErrors: Error[] }> {
  const page = await browser.newPage({ viewport: { width: 1000, height: 800 } });
  const pageErrors: Error[] = [];
  page.on('pageerror', (error) => pageErrors.push(error));
  // The first page of a fresh checkout waits for Vite to pre-bundle the three SDKs (18 MB).
  await page.goto(`${harness.contractPageUrl()}&sdk=${version}`, { timeout: FIRST_LOAD_MS });
  await page.waitForFunction(() => window.__contract?.status !== 'loading', undefined, { timeout: FIRST_LOAD_MS });
  return { page, pageErrors };
}

describe.each(CONTRACT_SDK_VERSIONS)('SDK %s against the stand-in', (version) => {
  let page: Page;
  let pageErrors: Error[];
  let since: number; // the log before this version's page

  beforeAll(async () => {
    since = harness.standIn.log.lastSeq;
    ({ page, pageErrors } = await openContractPage(version));
  }, FIRST_LOAD_MS + 10_000);

  afterAll(async () => {
    await page?.close();
  });

  it('loads the document and renders page 1 from server tiles', async () => {
    expect(await page.evaluate(() => window.__contract)).toMatchObject({ status: 'loaded', sdkVersion: version });
    expect(await page.evaluate(() => window.__contract!.firstLoadError)).toBeUndefined();
    const { log } = harness.standIn;
    await log.waitFor({ since, kind: 'tile', status: 200, path: TILE_PAGE_0 });
    expect(log.count({ since, kind: 'auth', method: 'POST', status: 200 })).toBe(1);
    expect(log.count({ since, kind: 'document', path: /\/document\.json$/, status: 200 })).toBe(1);

    // Poll until the tiles are painted: the page area must not be blank.
    let screenshot: Buffer = Buffer.alloc(0);
    await expect.poll(async () => {
      screenshot = await page.screenshot();
      return (await pixelStats(screenshot)).luminanceStdDev;
    }, { timeout: 15_000 }).toBeGreaterThan(25);
    mkdirSync('test-results', { recursive: true });
    writeFileSync(`test-results/contract-${version}.png`, screenshot);
    expect((await pixelStats(screenshot)).distinctColors).toBeGreaterThan(8);
  });

  it('syncs an annotation created through the viewer API to the engine', async () => {
    const syncsBefore = harness.standIn.log.lastSeq;
    const id = await page.evaluate(async () => {
      const NV = window.NutrientViewer!;
      const [created] = await window.__viewer!.create(new NV.Annotations.RectangleAnnotation({
        pageIndex: 0,
        boundingBox: new NV.Geometry.Rect({ left: 120, top: 420, width: 220, height: 120 }),
        strokeColor: NV.Color.RED,
        strokeWidth: 4,
      }));
      await window.__viewer!.ensureChangesSaved(created!);
      return (created as unknown as { id: string }).id;
    });
    const stored = (await (await fetch(`${harness.standIn.controlUrl}/admin/annotations`)).json()) as {
      annotations: { id: string; type: string; pageIndex: number }[];
    };
    expect(stored.annotations).toContainEqual(expect.objectContaining({ id, type: 'pspdfkit/shape/rectangle', pageIndex: 0 }));
    expect(harness.standIn.log.count({ since: syncsBefore, kind: 'sync', method: 'POST', status: 200 })).toBeGreaterThanOrEqual(1);
  });

  it('renews proactively through setSession: one /auth, no onAuthFailed, tiles on the new session', async () => {
    const { log } = harness.standIn;
    const before = log.entries({ since, kind: 'tile', status: 200 }).at(-1)!.session!;
    const mark = log.lastSeq;
    await page.evaluate(() => window.__contract!.renewNow());
    const renewed = await log.waitFor({ since: mark, kind: 'auth', status: 200 });
    expect(renewed.session).not.toBe(before);
    // A zoom level not rendered yet needs new tiles; they must use the new session.
    await page.evaluate(() => { window.__viewer!.setViewState((state) => state.set('zoom', 1.5)); });
    await log.waitFor({ since: renewed.seq, kind: 'tile', status: 200, session: renewed.session! });
    expect(log.count({ since: mark, kind: 'auth', method: 'POST' })).toBe(1);
    expect(log.count({ since: mark, status: (status) => status === 401 || status === 403 })).toBe(0);
    expect(await page.evaluate(() => window.__contract!.authFailedCalls)).toBe(0);
  });

  it('renews an expired session through onAuthFailed + setSession, then tiles load again', async () => {
    const { log, faults } = harness.standIn;
    const mark = log.lastSeq;
    const before = log.entries({ since, kind: 'tile', status: 200 }).at(-1)!.session!;
    faults.expireSessions();
    // Zooming in needs tiles at a new size: the first requests fail with 'Token has expired'.
    await page.evaluate(() => { window.__viewer!.setViewState((state) => state.set('zoom', 2)); });

    // Usually a tile gets the first 403; a request still in flight (another page's tile or text)
    // can get it first, and then the zoom's tiles already go out on the renewed session.
    await log.waitFor({ since: mark, server: 'engine', status: 403 }, 20_000);
    await page.waitForFunction(() => (window.__contract?.setSessionCalls ?? 0) >= 2, undefined, { timeout: 20_000 });
    // Tiles still in flight from the last zoom can answer 200 on the old session after the expiry
    // call; what counts is a good tile on a session opened by a renewal since.
    const renewedSessions = () => log.entries({ since: mark, kind: 'auth', method: 'POST', status: 200 }).map((entry) => entry.session);
    const tilesOnRenewedSessions = () => log.entries({ since: mark, kind: 'tile', status: 200 })
      .filter((entry) => entry.session !== before && renewedSessions().includes(entry.session));
    await expect.poll(() => tilesOnRenewedSessions().length, { timeout: 20_000 }).toBeGreaterThan(0);
    // Soft refresh first (same, now expired JWT: 403), then onAuthFailed with a fresh one.
    expect(log.count({ since: mark, kind: 'auth', status: 403 })).toBeGreaterThanOrEqual(1);
    expect(await page.evaluate(() => window.__contract!.authFailedCalls)).toBeGreaterThanOrEqual(1);
    expect(log.count({ since: mark, kind: 'token', status: 200 })).toBeGreaterThanOrEqual(1);
    expect(pageErrors).toEqual([]);
  });

  it('rejects load() for a stale first token with status and body (no onAuthFailed); a fresh token loads', async () => {
    const { log, faults } = harness.standIn;
    const mark = log.lastSeq;
    faults.queueTokenFault({ mode: 'expired' });
    // Same page, same container: unload, then load with the stale token (as after a laptop slept).
    await page.evaluate(() => window.__contract!.loadAgain());
    const contract = await page.evaluate(() => window.__contract!);
    expect(contract).toMatchObject({ status: 'loaded', loads: 2, authFailedCalls: 0 });
    expect(contract.firstLoadError).toMatchObject({ status: 403, body: expect.stringContaining('Token has expired') });
    expect(contract.firstLoadError!.message).toMatch(/^An error occurred while connecting to Nutrient Document Engine: /);
    expect(isAuthLoadError(contract.firstLoadError)).toBe(true); // what src/load-viewer.ts relies on
    // From the first refusal on (a straggler of the previous test may come before it):
    const statuses = log.entries({ since: mark, kind: 'auth', method: 'POST' }).map((entry) => entry.status);
    expect(statuses.slice(statuses.indexOf(403))).toEqual([403, 200]);
    await log.waitFor({ since: mark, kind: 'tile', status: 200, path: TILE_PAGE_0 });
    expect(pageErrors.filter((error) => !isSdkAbortNoise(error))).toEqual([]); // this test unloads twice
  });

  it('with instant: true, reconnects the websocket on a new session after expiry and a dropped socket', async () => {
    const { log, faults } = harness.standIn;
    await page.evaluate(() => window.__contract!.loadAgain({ instant: true }));
    await expect.poll(() => faults.state().websockets, { timeout: 20_000 }).toBe(1);
    const mark = log.lastSeq;
    faults.expireSessions();
    faults.dropWebsockets();
    await log.waitFor({ since: mark, kind: 'websocket', status: 101 }, 20_000);
    const renewed = await log.waitFor({ since: mark, kind: 'auth', method: 'POST', status: 200 }, 20_000);
    await expect.poll(() => faults.state().websockets, { timeout: 20_000 }).toBe(1);
    expect(await page.evaluate(() => window.__contract!.authFailedCalls)).toBeGreaterThanOrEqual(1);
    // Changes still reach the engine, on the new session.
    await page.evaluate(async () => {
      const NV = window.NutrientViewer!;
      const [created] = await window.__viewer!.create(new NV.Annotations.RectangleAnnotation({
        pageIndex: 0, boundingBox: new NV.Geometry.Rect({ left: 60, top: 60, width: 80, height: 60 }),
      }));
      await window.__viewer!.ensureChangesSaved(created!);
    });
    expect(log.count({ since: renewed.seq, kind: 'sync', method: 'POST', status: 200, session: renewed.session! })).toBeGreaterThanOrEqual(1);
    expect(pageErrors.filter((error) => !isSdkAbortNoise(error))).toEqual([]);
  });
});
