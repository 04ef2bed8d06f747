// Smoke test of the QA demo page (demo/index.html): the real viewer through the library, the
// status panel's countdown, and recovery after "Expire all sessions" + "Zoom in".
// What only a real browser proves: the QA page itself (its DOM, buttons and panels) works.
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {} from '../../demo/app/demo-window';
import { launchChromium } from './support/chromium';
import { type Harness, startHarness } from './support/harness';

const secondsShown = async (page: Page) => parseFloat((await page.textContent('#expiry-countdown')) ?? '');

describe('QA demo page', () => {
  let harness: Harness;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    [harness, browser] = await Promise.all([startHarness(), launchChromium()]);
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const query = new URLSearchParams({ engine: harness.standIn.engineUrl, document: harness.standIn.documentId });
    // Generous: a first load on a busy machine took over 60 s (the checklist's, beside the examples' builds).
    await page.goto(`${harness.pageOrigin}/index.html?${query}`, { timeout: 200_000 });
    await page.waitForFunction(() => window.demo && window.demo.loadStatus !== 'loading', undefined, { timeout: 200_000 });
    expect(await page.evaluate(() => [window.demo!.loadStatus, window.demo!.loadError])).toEqual(['loaded', undefined]);
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await harness?.close();
  });

  it('loads the document and counts down to the token expiry', async () => {
    expect(await page.evaluate(() => window.demo!.loadStatus)).toBe('loaded');
    await harness.standIn.log.waitFor({ kind: 'tile', status: 200 });
    expect(await page.textContent('#state-badge')).toBe('active');
    const first = await secondsShown(page);
    expect(first).toBeGreaterThan(0);
    await expect.poll(() => secondsShown(page), { timeout: 3_000 }).toBeLessThan(first);
    expect(await page.textContent('#renewal-reasons')).toContain('initial 1');
  });

  it('recovers after "Expire all sessions" then "Zoom in" with an auth-failed renewal', async () => {
    const { log } = harness.standIn;
    const since = log.lastSeq;
    await page.click('[data-tab="faults"]');
    await page.click('button[data-admin="expire"]');
    await page.waitForSelector('.log-action:has-text("expired all engine sessions")', { state: 'attached' });
    await page.click('button[data-action="zoom-in"]');

    await page.waitForFunction(
      () => window.demo!.events.some((event) => event.type === 'renewed' && event.reason === 'auth-failed'),
      undefined,
      { timeout: 20_000 },
    );
    await page.waitForFunction(() => window.demo!.session?.state === 'active');
    await expect.poll(() => page.textContent('#state-badge')).toBe('active');
    // One log line per renewal: no separate "renewing" or state lines.
    const lines = await page.locator('#event-log li').allTextContents();
    expect(lines.filter((line) => line.includes('renewed (auth-failed)'))).toHaveLength(1);
    expect(lines.filter((line) => /renewing \(|state (starting|renewing|active) →/.test(line))).toEqual([]);
    // The engine's side: the old token's refusals are marked expected, the new token was taken.
    await expect.poll(() => page.locator('#event-log .log-expected').count(), { timeout: 5_000 }).toBeGreaterThan(0);
    await expect.poll(() => page.textContent('#engine-handover'), { timeout: 10_000 }).toMatch(/^taken: \/auth 200/);
    expect(await page.textContent('#renewal-reasons')).toContain('auth-failed 1');
    // The viewer really is back: the zoomed-in tiles load with the renewed session.
    const renewed = await log.waitFor({ since, kind: 'auth', status: 200 });
    await log.waitFor({ since: renewed.seq, kind: 'tile', status: 200, session: renewed.session! });

    // The Diagnosis tab shows session.diagnose() live, and the export carries it (issue 19).
    await page.click('[data-tab="diagnosis"]');
    await expect.poll(async () => JSON.parse((await page.textContent('#diagnosis-view')) ?? 'null')?.state, { timeout: 5_000 }).toBe('active');
    const shown = JSON.parse((await page.textContent('#diagnosis-view'))!) as { handOver: string; recent: { rule?: string }[] };
    expect(shown.handOver).toBe('setSession');
    expect(shown.recent.map((entry) => entry.rule)).toContain('viewer-needs-token');
    await page.click('[data-tab="faults"]'); // back where the next test works
    const exported = await page.evaluate(() => window.demo!.report().diagnosis);
    expect(exported).toMatchObject({ state: 'active', sdkVersion: expect.any(String), nextRenewal: { rule: expect.any(String) } });
    // Whole milliseconds, though the browser's performance.now() has fractions.
    expect([exported!.token!.expiresInMs, exported!.nextRenewal.inMs].every(Number.isInteger)).toBe(true);
    expect(await page.textContent('body')).not.toMatch(/eyJ[\w-]+\.eyJ/); // no JWT text anywhere on the page
    mkdirSync('test-results', { recursive: true });
    await page.screenshot({ path: 'test-results/demo-smoke.png' });
  });

  it('shows queued faults (the "Next N" count goes back to 1) and Reset clears them with the counters and logs', async () => {
    await page.fill('#fault-count', '3');
    await page.click('button[data-token-fault="503"]');
    await expect.poll(() => page.textContent('#queued-faults')).toBe('503 ×3');
    expect(await page.inputValue('#fault-count')).toBe('1');

    await page.click('#reset-run');
    await page.waitForSelector('.log-action:has-text("reset: counters")', { state: 'attached' });
    expect(await page.textContent('#queued-faults')).toBe('none');
    expect(await page.textContent('#renewal-count')).toBe('0');
    expect(await page.textContent('#retry-count')).toBe('0');
    expect(await page.locator('#event-log li').allTextContents()).toEqual([expect.stringContaining('reset: counters, queued faults')]);
    expect(harness.standIn.faults.state().tokenFaults).toEqual([]);
  });
});
