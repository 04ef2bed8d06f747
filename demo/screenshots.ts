// `npm run demo:screenshots`: regenerates the pictures of the QA page in docs/qa.md at 1440x900 —
// docs/demo-mid-run.png (the checklist running) and docs/demo-timeline.png (the timeline after
// the whole checklist, a proactive renewal hovered). A stand-in on random ports, headless Chromium; ~6 min.
import { mkdirSync } from 'node:fs';
import type {} from './app/demo-window';
import { launchChromium } from '../test/e2e/support/chromium';
import { startHarness } from '../test/e2e/support/harness';

const OUT = 'docs';
const harness = await startHarness({ tokenLifetimeSec: 60 });
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  const query = new URLSearchParams({ engine: harness.standIn.engineUrl, document: harness.standIn.documentId });
  await page.goto(`${harness.pageOrigin}/index.html?${query}`);
  await page.waitForFunction(() => window.demo && window.demo.loadStatus !== 'loading', undefined, { timeout: 120_000 });
  const status = await page.evaluate(() => window.demo!.loadStatus);
  if (status !== 'loaded') throw new Error(`the viewer did not load (${status}); see the page's session log`);
  mkdirSync(OUT, { recursive: true });

  await page.click('#checklist-run-all');
  // Mid-run: once the "503 ×3" scenario is running, with a few results and retries to show.
  await page.waitForFunction(() => window.demo!.checklist.find((r) => r.id === '503x3')?.status === 'running', undefined, { timeout: 300_000 });
  await page.waitForFunction(() => window.demo!.events.filter((e) => e.type === 'retrying').length >= 3, undefined, { timeout: 60_000 });
  await page.waitForTimeout(1_500);
  await page.screenshot({ path: `${OUT}/demo-mid-run.png` });
  console.log(`wrote ${OUT}/demo-mid-run.png`);

  await page.waitForFunction(() => !window.demo!.checklistBusy, undefined, { timeout: 900_000, polling: 1000 });
  await page.click('[data-tab="log"]');
  await page.waitForTimeout(1_200); // one timeline redraw
  // A proactive renewal's diamond: the library's row, where no engine dot sits on top of it.
  const mark = page.locator('#timeline .tl-renewed[data-reason="proactive"]').last();
  if (await mark.count()) await mark.hover({ force: true, timeout: 5_000 }).catch(() => undefined);
  await page.waitForTimeout(300);
  await page.screenshot({ path: `${OUT}/demo-timeline.png` });
  console.log(`wrote ${OUT}/demo-timeline.png`);
  const results = await page.evaluate(() => window.demo!.checklist.map((r) => `${r.status.padEnd(7)} ${r.title}`));
  console.log(results.join('\n'));
} finally {
  await browser.close();
  await harness.close();
}
