// Headline 8: what an open, idle viewer page costs the machine, ours vs the guide's page, in
// Chromium with the real viewer: main-thread busy time (CDP Performance.getMetrics TaskDuration)
// and timer wake-ups (main-thread setTimeout/setInterval callbacks, counted by an init script),
// per minute. The guide's page with 1-hour tokens has one pending timer that does not fire in the
// window: it is the SDK's own idle cost, the floor.
import type { CDPSession, Page } from 'playwright-core';
import type { BenchHarness } from './browser-harness.js';
import { openBenchPage } from './browser-page.js';
import { hiddenIdle } from './viewer-idle-hidden.js';
import type { Mode } from './pages/bench-page.js';
import { idleRows, SIDES, type Reading, type Side } from './idle-rows.js';
import type { Result, Row } from './stats.js';


async function read(page: Page, cdp: CDPSession): Promise<Reading> {
  const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: Array<{ name: string; value: number }> };
  const busyMs = (metrics.find((m) => m.name === 'TaskDuration')?.value ?? Number.NaN) * 1000;
  const wakeups = await page.evaluate(() => window.__bench!.timerCallbacks);
  return { busyMs, wakeups };
}

export async function idleCost(
  harness: BenchHarness,
  { windows = 10, windowMs = 5_000, settleMs = 3_000, hidden = {} as Parameters<typeof hiddenIdle>[1] } = {},
): Promise<Result> {
  const pages: Partial<Record<Side, Page>> = {};
  const cdps: Partial<Record<Side, CDPSession>> = {};
  const perMinute: Record<Side, Reading[]> = { ours: [], guide: [] };
  try {
    for (const side of SIDES) {
      const page = (pages[side] = await openBenchPage(harness, { countTimers: true }));
      await page.evaluate((mode: Mode) => window.__bench!.load(mode).then(() => undefined), side);
      const cdp = (cdps[side] = await page.context().newCDPSession(page));
      await cdp.send('Performance.enable');
    }
    await new Promise((resolve) => setTimeout(resolve, settleMs)); // first render and its follow-up work done
    // Both pages idle in the same windows (separate renderers), so the machine's noise is shared by the pair.
    let last = { ours: await read(pages.ours!, cdps.ours!), guide: await read(pages.guide!, cdps.guide!) };
    for (let w = 0; w < windows; w++) {
      const t0 = performance.now();
      await new Promise((resolve) => setTimeout(resolve, windowMs));
      const now = { ours: await read(pages.ours!, cdps.ours!), guide: await read(pages.guide!, cdps.guide!) };
      const minutes = (performance.now() - t0) / 60_000;
      for (const side of SIDES) {
        perMinute[side].push({ busyMs: (now[side].busyMs - last[side].busyMs) / minutes, wakeups: (now[side].wakeups - last[side].wakeups) / minutes });
      }
      last = now;
    }
  } finally {
    for (const page of Object.values(pages)) await page?.context().close();
  }
  const rows: Row[] = idleRows(
    perMinute,
    { busy: 'idle viewer page, visible: main-thread busy time per minute (median of 5-s windows)', wakeups: 'idle viewer page, visible: main-thread timer wake-ups per minute' },
    true,
  );
  // The hidden rows need Chromium without Playwright; when that cannot hide a tab, the row says so.
  let hiddenPart: Awaited<ReturnType<typeof hiddenIdle>> | undefined;
  let hiddenError = '';
  try {
    hiddenPart = await hiddenIdle(harness, hidden);
    rows.push(...hiddenPart.rows);
  } catch (error) {
    hiddenError = error instanceof Error ? error.message : String(error);
  }
  return {
    number: '8',
    title: 'What an idle viewer page costs: main-thread time and wake-ups, Chromium',
    rows,
    sampleSizes: [perMinute.ours.length, ...(hiddenPart ? [hiddenPart.n] : [])],
    notes: [
      `What it measures: an open viewer nobody touches, after load and ${settleMs / 1000} s to settle; ${windows} windows of ` +
        `${windowMs / 1000} s in which both pages (each in its own browser context, so its own renderer) sit idle at the same time. ` +
        `Busy time = the renderer main thread's task time (CDP \`Performance.getMetrics\` TaskDuration, everything the page runs: ` +
        `the SDK's work, ours, the browser's); wake-ups = main-thread \`setTimeout\`/\`setInterval\` callbacks (an init script ` +
        `counts them for every script alike; workers not counted). Per minute; the comparison is the median of per-window ` +
        `differences with its order-statistic interval.`,
      `Against what: the guide's page loads the same viewer the same way; with 1-hour tokens its one timer does not fire in the ` +
        `window, so it is the SDK's own idle cost (the floor).`,
      ...(hiddenPart ? hiddenPart.notes : [`Hidden rows not measured: ${hiddenError}.`]),
    ],
  };
}
