// Contract test: the REAL viewer (@nutrient-sdk/viewer, bare, no library code) in real Chromium
// against the Document Engine stand-in. If the SDK's protocol changes, this is what fails first.
import { mkdirSync, writeFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {} from '../../demo/contract-api';
import { launchChromium } from './support/chromium';
import { type Harness, startHarness } from './support/harness';
import { pixelStats } from './support/pixels';

const TILE_PAGE_0 = /\/page-0-dimensions-\d+-\d+-tile-/;

describe('real viewer against the stand-in', () => {
  let harness: Harness;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    [harness, browser] = await Promise.all([startHarness(), launchChromium()]);
    page = await browser.newPage({ viewport: { width: 1000, height: 800 } });
    await page.goto(harness.contractPageUrl());
    await page.waitForFunction(() => window.__contract?.status !== 'loading', undefined, { timeout: 60_000 });
  });

  afterAll(async () => {
    await browser?.close();
    await harness?.close();
  });

  it('loads the document and renders page 1 from server tiles', async () => {
    expect(await page.evaluate(() => window.__contract)).toMatchObject({ status: 'loaded' });
    const { log } = harness.standIn;
    await log.waitFor({ kind: 'tile', status: 200, path: TILE_PAGE_0 });
    expect(log.count({ kind: 'auth', method: 'POST', status: 200 })).toBe(1);
    expect(log.count({ kind: 'document', path: /\/document\.json$/, status: 200 })).toBe(1);

    // Poll until the tiles are painted: the page area must not be blank.
    let screenshot: Buffer = Buffer.alloc(0);
    await expect.poll(async () => {
      screenshot = await page.screenshot();
      return (await pixelStats(screenshot)).luminanceStdDev;
    }, { timeout: 15_000 }).toBeGreaterThan(25);
    mkdirSync('test-results', { recursive: true });
    writeFileSync('test-results/contract.png', screenshot);
    expect((await pixelStats(screenshot)).distinctColors).toBeGreaterThan(8);
  });

  it('syncs an annotation created through the viewer API to the engine', async () => {
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
    expect(harness.standIn.log.count({ kind: 'sync', method: 'POST', status: 200 })).toBeGreaterThanOrEqual(2);
  });

  it('renews an expired session through onAuthFailed + setSession, then tiles load again', async () => {
    const { log, faults } = harness.standIn;
    const since = log.lastSeq;
    faults.expireSessions();
    // Zooming in needs tiles at a new size: the first requests fail with 'Token has expired'.
    await page.evaluate(() => { window.__viewer!.setViewState((state) => state.set('zoom', 2)); });

    await log.waitFor({ since, kind: 'tile', status: 403 });
    await page.waitForFunction(() => (window.__contract?.setSessionCalls ?? 0) >= 1, undefined, { timeout: 20_000 });
    const renewed = await log.waitFor({ since, kind: 'auth', status: 200 });
    const retried = await log.waitFor({ since: renewed.seq, kind: 'tile', status: 200, session: renewed.session! });

    expect(retried.session).not.toBe('s1');
    // Soft refresh first (same, now expired JWT: 403), then onAuthFailed with a fresh one.
    expect(log.count({ since, kind: 'auth', status: 403 })).toBeGreaterThanOrEqual(1);
    expect(await page.evaluate(() => window.__contract!.authFailedCalls)).toBeGreaterThanOrEqual(1);
    expect(log.count({ since, kind: 'token', status: 200 })).toBeGreaterThanOrEqual(1);
  });
});
