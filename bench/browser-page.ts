import type { Page } from 'playwright-core';
import type { BenchHarness } from './browser-harness.js';
import type {} from './pages/bench-page.js';

/** Opens the built bench/pages/viewer.html and waits until its module (and the SDK's) has run. */
export async function openBenchPage(harness: BenchHarness): Promise<Page> {
  const page = await harness.browser.newPage({ viewport: { width: 1000, height: 800 } });
  await page.goto(harness.pageUrl('viewer'));
  await page.waitForFunction(() => window.__bench?.ready === true, undefined, { timeout: 120_000 });
  return page;
}
