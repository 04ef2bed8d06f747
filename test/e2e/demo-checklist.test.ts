// The QA page's checklist, run end to end in Chromium the way QA runs it ("Run all"): every
// scenario must pass with no red the page does not explain, the console stays free of the SDK's
// warnings and of uncaught errors, and "Export" gives a JSON report that names the build, parses,
// lists every scenario and holds no token text, plus an HTML summary with the timeline as SVG.
// Then four known-bad builds (?break=, demo/app/broken-build.ts): each fails the scenario that
// must catch it, and the failed card names the cause (about 50 s on this machine).
// What only a real browser proves: the QA page's own scenarios pass against the real viewer, and
// fail, saying why, against a broken one.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { Browser, Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCENARIOS } from '../../demo/app/checklist/scenarios';
import type {} from '../../demo/app/demo-window';
import { launchChromium } from './support/chromium';
import { type Harness, startHarness } from './support/harness';

const JWT_TEXT = /eyJ[\w-]+\.eyJ[\w-]+/;

describe('QA checklist on the demo page', () => {
  let harness: Harness;
  let browser: Browser;
  let page: Page;
  const warnings: string[] = [];
  const uncaught: string[] = [];

  beforeAll(async () => {
    [harness, browser] = await Promise.all([startHarness({ tokenLifetimeSec: 60 }), launchChromium()]);
    page = await browser.newPage({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
    page.on('pageerror', (error) => uncaught.push(`${error.name}: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'warning' || message.type() === 'error') warnings.push(`${message.type()}: ${message.text()}`);
    });
    const query = new URLSearchParams({ engine: harness.standIn.engineUrl, document: harness.standIn.documentId });
    // Generous: the first load (the dev server's first transforms, the SDK) beside the examples'
    // builds took over 60 s in a fresh-clone run.
    await page.goto(`${harness.pageOrigin}/index.html?${query}`, { timeout: 200_000 });
    await page.waitForFunction(() => window.demo && window.demo.loadStatus !== 'loading', undefined, { timeout: 200_000 });
    expect(await page.evaluate(() => [window.demo!.loadStatus, window.demo!.loadError])).toEqual(['loaded', undefined]);
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await harness?.close();
  });

  it('loads without the SDK deprecation or licence warnings', () => {
    expect(warnings.filter((line) => /deprecated|licen[cs]e/i.test(line))).toEqual([]);
  });

  it('runs every scenario of the checklist and each one passes', async () => {
    await page.click('#checklist-run-all');
    await page.waitForFunction(() => window.demo!.checklistBusy, undefined, { timeout: 10_000 });
    await page.waitForFunction(() => !window.demo!.checklistBusy, undefined, { timeout: 780_000, polling: 1000 });
    const results = await page.evaluate(() => window.demo!.checklist.map(({ id, status, evidence, failure }) => ({ id, status, evidence, failure })));
    mkdirSync('test-results', { recursive: true });
    await page.screenshot({ path: 'test-results/demo-checklist.png' });

    const summary = results.map((r) => `${r.status} ${r.id}\n    ${r.evidence.join('\n    ')}`).join('\n');
    process.stdout.write(`checklist:\n${summary}\n`);
    expect(results.map((r) => r.id)).toEqual(SCENARIOS.map((s) => s.id));
    const failing = results.filter((r) => r.status !== 'passed').map((r) => r.id);
    expect(failing, summary).toEqual([]);
    // Every engine refusal during the run is explained by a fault the checklist made.
    expect(await page.textContent('#engine-failures')).toMatch(/\(\d+ expected, 0 unexpected\)/);
    // No red the page does not explain: errors, page errors and log lines are all QA's faults',
    // and nothing uncaught reached the console (the SDK's explained ones are shown, not thrown).
    expect(await page.getAttribute('#error-count', 'data-bad')).not.toBe('true');
    expect(await page.getAttribute('#page-errors', 'data-bad')).not.toBe('true');
    expect(await page.locator('#event-log .log-warning, #event-log .log-error, #event-log .log-ended, #event-log .log-action-error').allTextContents()).toEqual([]);
    expect(await page.locator('#request-rows tr.req-bad').count()).toBe(0);
    expect(uncaught).toEqual([]);
    expect(await page.locator('.scenario[data-status="passed"]').count()).toBe(SCENARIOS.length);
    expect(await page.textContent('body')).not.toMatch(JWT_TEXT);
  }, 800_000);

  it('exports the run as JSON and HTML: every scenario, ISO times, no admin polling, no token text', async () => {
    const downloads: Download[] = [];
    page.on('download', (download) => downloads.push(download));
    await page.click('#export-report');
    await expect.poll(() => downloads.length, { timeout: 10_000 }).toBe(2);
    const files = Object.fromEntries(
      await Promise.all(downloads.map(async (d) => [d.suggestedFilename().split('.').at(-1)!, readFileSync((await d.path())!, 'utf8')] as const)),
    );
    for (const [ext, text] of Object.entries(files)) writeFileSync(`test-results/demo-report.${ext}`, text); // for a person to look at
    const report = JSON.parse(files.json!) as {
      build: { version: string; commit: string; modified: boolean; sdkVersion: string; browser: string };
      checklist: { id: string; status: string; evidence: string[] }[];
      requests: { time: string; kind: string; status: number; expected?: boolean }[];
      sessionLog: { time: string; text: string }[];
    };
    // The report names the build: version, commit, src modified or not, SDK, browser.
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    expect(report.build).toMatchObject({ version: pkg.version, commit: expect.stringMatching(/^[0-9a-f]{40}$/), modified: expect.any(Boolean), sdkVersion: '1.22.0' });
    expect(report.build.browser).toMatch(/Chrom/);
    expect(files.html).toContain(`commit ${report.build.commit}`);
    expect(await page.textContent('#build-label')).toContain(`commit ${report.build.commit.slice(0, 12)}`);
    expect(report.checklist.map((r) => r.id)).toEqual(SCENARIOS.map((s) => s.id));
    expect(report.checklist.every((r) => r.status !== 'not run' && r.evidence.length > 0)).toBe(true);
    expect(report.requests.length).toBeGreaterThan(50);
    expect(report.requests.filter((r) => r.kind === 'admin')).toEqual([]);
    // Every failed request of a passing run is one a fault QA made explains.
    expect(report.requests.filter((r) => (r.status === 0 || r.status >= 400) && r.expected !== true)).toEqual([]);
    expect(report.requests.every((r) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/.test(r.time))).toBe(true);
    expect(report.sessionLog.some((l) => l.text.includes('expected: QA expired the sessions'))).toBe(true);
    for (const text of Object.values(files)) expect(text).not.toMatch(JWT_TEXT);

    const html = files.html!;
    expect(html).toContain('<svg');
    expect(html).toMatch(/class="tl-renewed"/);
    for (const scenario of SCENARIOS) expect(html).toContain(scenario.title);
  });

  // Four known-bad builds (demo/app/broken-build.ts, ?break=): the scenario that must catch each
  // fails, and its card names the cause in one line. Runs after the clean run, on the same page.
  const BROKEN: { mode: string; scenario: string; cause: RegExp }[] = [
    { mode: 'no-proactive', scenario: 'proactive', cause: /^no proactive renewal/ },
    { mode: 'no-set-session', scenario: 'proactive', cause: /^setSession was never called/ },
    { mode: 'no-retry', scenario: '503x3', cause: /^HTTP 503 was not retried/ },
    { mode: 'retry-401', scenario: 'logged-out', cause: /^the token endpoint's 401 was retried/ },
  ];
  it.each(BROKEN)('a build with $mode fails "$scenario", and the card says why', async ({ mode, scenario, cause }) => {
    const query = new URLSearchParams({ engine: harness.standIn.engineUrl, document: harness.standIn.documentId, break: mode });
    await page.goto(`${harness.pageOrigin}/index.html?${query}`, { timeout: 120_000 });
    await page.waitForFunction(() => window.demo && window.demo.loadStatus !== 'loading', undefined, { timeout: 120_000 });
    expect(await page.evaluate(() => [window.demo!.loadStatus, window.demo!.loadError])).toEqual(['loaded', undefined]);
    await page.evaluate((id) => window.demo!.runScenario(id), scenario);
    const result = await page.evaluate((id) => window.demo!.checklist.find((r) => r.id === id)!, scenario);
    process.stdout.write(`broken build ${mode}: ${result.status}; cause: ${result.cause}\n    ${result.evidence.join('\n    ')}\n`);
    expect(result.status).toBe('failed');
    expect(result.cause).toMatch(cause);
    expect(await page.textContent(`[data-scenario="${scenario}"] .scenario-cause`)).toBe(`Cause: ${result.cause}`);
  }, 120_000);
});
