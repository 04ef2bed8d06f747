// Headline 1, in Chromium (issue 21): timer callbacks per idle hour of the page's own session code,
// ours (bench/consumer/ours.ts, the README's loadViewer) against the guide's (bench/consumer/guide.ts,
// bench/baseline.ts), both with the real SDK. Playwright's clock compresses time: the page is
// loaded, the clock paused, then an idle stretch between two renewals is run at once. Every
// setTimeout/setInterval callback is counted, by who created it: the SDK (a stack frame in its
// own files, nutrient-viewer*) or the page's code (ours or the guide's, and whatever it bundles).
import type { Page } from 'playwright-core';
import type { BenchHarness } from './browser-harness.js';
import type { ConsumerPage } from './consumer-build.js';
import { type Result, type Row } from './stats.js';

const MINUTE = 60_000;
const CONTROL_MS = 4 * MINUTE;

declare global {
  interface Window {
    __timers?: { page: number; sdk: number; pageTimers: string[] };
  }
}

/**
 * Wraps setTimeout and setInterval (after Playwright's fake clock has replaced them) so each
 * callback counts once per run for its creator. The creation stack decides: a frame in the SDK's
 * files is the SDK's; anything else is the page's. Plain JavaScript in a string: a function passed
 * from here would carry tsx's `__name` helper, which the page does not have.
 */
const COUNT_TIMERS = `(() => {
  const counts = { page: 0, sdk: 0, pageTimers: [] };
  window.__timers = counts;
  const wrap = (name) => {
    const original = window[name];
    window[name] = function (handler, ms, ...args) {
      const stack = (new Error().stack || '').split('\\n').slice(2);
      const who = stack.some((line) => /nutrient-viewer/.test(line)) ? 'sdk' : 'page';
      const where = stack.slice(0, 2).join(' | ');
      const counted = typeof handler === 'function'
        ? function (...callArgs) {
            counts[who]++;
            if (who === 'page' && counts.pageTimers.length < 20) counts.pageTimers.push(name + ' ' + (ms || 0) + ' ms: ' + where);
            return handler.apply(this, callArgs);
          }
        : handler;
      return original.call(window, counted, ms, ...args);
    };
  };
  wrap('setTimeout');
  wrap('setInterval');
})();`;

async function idleCount(harness: BenchHarness, which: ConsumerPage, idleMs: number) {
  const page: Page = await harness.browser.newPage({ viewport: { width: 1000, height: 800 } });
  try {
    await page.clock.install();
    await page.addInitScript({ content: COUNT_TIMERS });
    await page.goto(harness.pageUrl(which));
    await page.waitForFunction(() => (window as { __loadedAt?: number }).__loadedAt !== undefined, undefined, { timeout: 120_000 });
    // Let the viewer settle (first tiles, text) on the running clock, then stop it and start counting.
    await page.waitForTimeout(2_000);
    await page.clock.pauseAt(await page.evaluate(() => Date.now() + 1_000));
    const before = await page.evaluate(() => ({ ...window.__timers!, pageTimers: [] }));
    await page.evaluate(() => (window.__timers!.pageTimers = []));
    await page.clock.runFor(idleMs);
    const after = await page.evaluate(() => window.__timers!);
    // The control: the periodic clock check ours had before issue 21 (every 10 s), started on the
    // same paused page, must count one callback per 10 s of 4 more idle minutes (still before either side's renewal).
    await page.evaluate(() => void setInterval(() => {}, 10_000));
    await page.clock.runFor(CONTROL_MS);
    const control = (await page.evaluate(() => window.__timers!.page)) - after.page;
    return { page: after.page - before.page, sdk: after.sdk - before.sdk, pageTimers: after.pageTimers, atLoad: { page: before.page, sdk: before.sdk }, control };
  } finally {
    await page.close();
  }
}

/**
 * `idleMinutes` of idle time on 1-hour tokens (the harness's): no renewal is due in it (ours at
 * 59 min, the guide's at 55 min), so what runs is what a page costs while nobody uses it.
 */
export async function idleTimers(harness: BenchHarness, { idleMinutes = 50 } = {}): Promise<Result> {
  const ours = await idleCount(harness, 'ours', idleMinutes * MINUTE);
  const guide = await idleCount(harness, 'guide', idleMinutes * MINUTE);
  const perHour = (count: number) => (count * 60) / idleMinutes;
  const rows: Row[] = [
    {
      metric: 'idle cost in Chromium: timer callbacks per idle hour of the session code (between renewals)',
      ours: perHour(ours.page).toFixed(1),
      guide: perHour(guide.page).toFixed(1),
      floor: '0',
      compare: `the SDK's own: ${perHour(ours.sdk).toFixed(0)} (ours' page) / ${perHour(guide.sdk).toFixed(0)} (guide's page)`,
      target: '≤ guide',
      // A count on a fake clock: the same in every run.
      verdict: { kind: ours.page <= guide.page ? 'met' : 'missed', note: 'a count on a paused clock' },
    },
  ];
  const notes = [
    `Chromium (headless), the production build of bench/consumer/ours.html and guide.html with SDK 1.22 against the stand-in, ` +
      `1-hour tokens. Playwright's clock is installed before the page loads; once loaded and settled it is paused and ` +
      `${idleMinutes} minutes of idle time are run at once (\`clock.runFor\`), with no renewal due in them. Every ` +
      `setTimeout/setInterval callback is counted by its creation stack: the SDK's files (nutrient-viewer*) or the page's ` +
      `code (the session code, ours or the guide's). One renewal costs one timer callback more per token on either side ` +
      `(the bench's simulated days count those: row "timer wake-ups per viewer-hour"). Before issue 21 ours re-read the ` +
      `clocks every 10 s: 360 callbacks per idle hour.`,
    `The counter at work: a 10 s setInterval (the old periodic check) run for ${CONTROL_MS / MINUTE} more idle minutes counted ` +
      `${ours.control} callbacks on ours' page and ${guide.control} on the guide's (expected ${CONTROL_MS / 10_000}); during the load and its first 2 s, ours' page ran ${ours.atLoad.page} callbacks of the page's code ` +
      `and ${ours.atLoad.sdk} of the SDK's; the guide's page ${guide.atLoad.page} and ${guide.atLoad.sdk}.`,
    ...(ours.pageTimers.length ? [`Ours' page timers that ran while idle: ${ours.pageTimers.map((t) => `\`${t}\``).join('; ')}`] : []),
  ];
  return { number: '1c', title: 'Idle timer callbacks of the session code, Chromium', rows, notes };
}
