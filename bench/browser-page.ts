import type { Page } from 'playwright-core';
import type { BenchHarness } from './browser-harness.js';
import type {} from './pages/bench-page.js';

/**
 * Counts main-thread timer callbacks (setTimeout, setInterval) for `__bench.timerCallbacks`: installed
 * before any of the page's scripts, so the SDK's and ours are counted alike. A string: tsx's helpers
 * do not exist in the page.
 */
export const COUNT_TIMERS = `(() => {
  window.__timerCallbacks = 0;
  for (const name of ['setTimeout', 'setInterval']) {
    const original = window[name];
    window[name] = function (callback, ...rest) {
      if (typeof callback !== 'function') return original.call(this, callback, ...rest);
      return original.call(this, function (...args) { window.__timerCallbacks++; return callback.apply(this, args); }, ...rest);
    };
  }
})();`;

/** Opens the built bench/pages/viewer.html (in its own browser context) and waits until its module (and the SDK's) has run. */
export async function openBenchPage(harness: BenchHarness, { countTimers = false } = {}): Promise<Page> {
  const page = await harness.browser.newPage({ viewport: { width: 1000, height: 800 } });
  if (countTimers) await page.addInitScript(COUNT_TIMERS);
  await page.goto(harness.pageUrl('viewer'));
  await page.waitForFunction(() => window.__bench?.ready === true, undefined, { timeout: 120_000 });
  return page;
}
