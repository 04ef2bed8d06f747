// Headline 8, hidden rows: an idle viewer page in a background tab (hidden, as Chrome hides a tab the
// user left), ours vs the guide's page: main-thread busy time and timer wake-ups per minute. Chrome
// throttles a hidden page's timers (aligned to 1 s; chained ones to 1 min after 5 min hidden), so
// what a page asks for and what it costs differ from the visible rows. Needs Chromium driven without
// Playwright (bench/raw-chromium.ts): Playwright keeps its pages visible.
import type { BenchHarness } from './browser-harness.js';
import { COUNT_TIMERS } from './browser-page.js';
import { launchRawChromium, type RawTab } from './raw-chromium.js';
import { idleRows, SIDES, type Reading, type Side } from './idle-rows.js';
import type { Row } from './stats.js';


const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function read(tab: RawTab): Promise<Reading> {
  const { metrics } = await tab.send<{ metrics: Array<{ name: string; value: number }> }>('Performance.getMetrics');
  const busyMs = (metrics.find((m) => m.name === 'TaskDuration')?.value ?? Number.NaN) * 1000;
  return { busyMs, wakeups: await tab.evaluate<number>('window.__bench.timerCallbacks') };
}

async function waitFor(tab: RawTab, expression: string, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await tab.evaluate<boolean>(`!!(${expression})`).catch(() => false))) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${expression}`);
    await sleep(200);
  }
}

export async function hiddenIdle(
  harness: BenchHarness,
  { windows = 8, windowMs = 10_000, settleMs = 10_000 } = {},
): Promise<{ rows: Row[]; notes: string[]; n: number }> {
  const chromium = await launchRawChromium();
  const perMinute: Record<Side, Reading[]> = { ours: [], guide: [] };
  let visibility = '';
  let throttling = '';
  try {
    const tabs = {} as Record<Side, RawTab>;
    for (const side of SIDES) {
      const tab = (tabs[side] = await chromium.newTab(harness.pageUrl('viewer'), COUNT_TIMERS));
      await waitFor(tab, 'window.__bench && window.__bench.ready', 120_000);
      await chromium.activate(tab); // loaded in front, as a user opens it
      await tab.evaluate(`window.__bench.load(${JSON.stringify(side)}).then(() => undefined)`);
      await tab.send('Performance.enable');
    }
    // A probe tab, hidden with them: its 100 ms interval shows whether Chrome throttles hidden timers in this run.
    const probe = await chromium.newTab('data:text/html,<title>probe</title>');
    await waitFor(probe, 'document.readyState === "complete"', 10_000);
    await probe.evaluate('window.ticks = 0; setInterval(() => window.ticks++, 100); undefined');
    const front = await chromium.newTab('about:blank');
    await chromium.activate(front); // the user switches to another tab: both viewer tabs are in the background
    await sleep(settleMs);
    const states = await Promise.all(SIDES.map((side) => tabs[side].evaluate<string>('document.visibilityState')));
    visibility = SIDES.map((side, i) => `${side} ${states[i]}`).join(', ');
    if (states.some((state) => state !== 'hidden')) throw new Error(`the background tabs are not hidden (${visibility})`);
    const ticksBefore = await probe.evaluate<number>('window.ticks');
    const probeStarted = performance.now();
    let last = { ours: await read(tabs.ours), guide: await read(tabs.guide) };
    for (let w = 0; w < windows; w++) {
      const t0 = performance.now();
      await sleep(windowMs);
      const now = { ours: await read(tabs.ours), guide: await read(tabs.guide) };
      const minutes = (performance.now() - t0) / 60_000;
      for (const side of SIDES) {
        perMinute[side].push({ busyMs: (now[side].busyMs - last[side].busyMs) / minutes, wakeups: (now[side].wakeups - last[side].wakeups) / minutes });
      }
      last = now;
    }
    const ticks = (await probe.evaluate<number>('window.ticks')) - ticksBefore;
    throttling = `${(ticks / ((performance.now() - probeStarted) / 1000)).toFixed(1)} runs per second (10 when not throttled)`;
  } finally {
    await chromium.close();
  }
  const rows: Row[] = idleRows(perMinute, {
    busy: `idle viewer page, hidden (a background tab, the first ${Math.ceil((settleMs + windows * windowMs) / 60_000)} min): main-thread busy time per minute (median of ${windowMs / 1000}-s windows)`,
    wakeups: 'idle viewer page, hidden: main-thread timer wake-ups per minute',
  });
  const notes = [
    `Hidden rows: the same built page in Chromium ${'`--headless=new`'} driven over the DevTools protocol without Playwright ` +
      `(bench/raw-chromium.ts; Playwright keeps every page it drives visible and unthrottled, checked headless and headful under ` +
      `Xvfb). Both viewer tabs load in front, then a blank tab is activated (\`Target.activateTarget\`), as a user switching tabs: ` +
      `both viewer tabs then report \`document.visibilityState\` = hidden (${visibility}) and Chrome throttles their timers ` +
      `(a 100 ms interval in a third hidden tab, over the measured windows: ${throttling}). After ${settleMs / 1000} s, ${windows} windows of ${windowMs / 1000} s, the same ` +
      `counters as the visible rows. Chrome's intensive throttling (chained timers aligned to 1 min) starts after 5 min hidden: ` +
      `not reached in these windows.`,
  ];
  return { rows, notes, n: windows };
}
