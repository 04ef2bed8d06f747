// Headline 7 (issue 13): what a renewal costs the user on SDKs without setSession. Per method, the
// time the user could not interact (blank time on screen plus main-thread tasks over 50 ms) and the
// peak JS heap above the page's own, per hand-over, in Chromium against the stand-in, side by side:
// setSession (1.22.0, the floor), our swap and in-place reload (1.12.0), and the older guide's
// hand-written reload (1.12.0: new token, remember page and zoom, unload, load again).
import type { CDPSession, Page } from 'playwright-core';
import { type Harness, startHarness } from '../test/e2e/support/harness';
import { launchChromium } from '../test/e2e/support/chromium';
import { info, judgeBelow, median, ms, pairedRatio, ratioWithCi, type Result, type Row } from './stats.js';

type Method = 'setSession' | 'swap' | 'reload' | 'guide';
const PAGES: Record<Method, { sdk: string; method: string }> = {
  setSession: { sdk: '1.22.0', method: 'auto' },
  swap: { sdk: '1.12.0', method: 'swap' },
  reload: { sdk: '1.12.0', method: 'reload' },
  guide: { sdk: '1.12.0', method: 'guide' },
};
const METHODS = Object.keys(PAGES) as Method[];

interface Sample {
  blockedMs: number;
  blankMs: number;
  longTaskMs: number;
  peakHeap: number;
}

const heapOf = async (cdp: CDPSession) => {
  const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
  return metrics.find((metric) => metric.name === 'JSHeapUsedSize')!.value;
};

/** One hand-over, with the JS heap sampled every 25 ms from outside the page. */
async function handOver(page: Page, cdp: CDPSession): Promise<Sample> {
  await cdp.send('HeapProfiler.collectGarbage');
  const before = await heapOf(cdp);
  let peak = before;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      peak = Math.max(peak, await heapOf(cdp));
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  })();
  const cost = await page.evaluate(() => window.__swap!.handOver());
  sampling = false;
  await sampler;
  return { blockedMs: cost.blankMs + cost.longTaskMs, blankMs: cost.blankMs, longTaskMs: cost.longTaskMs, peakHeap: peak - before };
}

export async function handOverCost({ rounds = 8, warmup = 1 } = {}): Promise<Result> {
  const [harness, browser]: [Harness, Awaited<ReturnType<typeof launchChromium>>] = await Promise.all([
    startHarness({ tokenLifetimeSec: 3600 }),
    launchChromium(),
  ]);
  const samples: Record<Method, Sample[]> = { setSession: [], swap: [], reload: [], guide: [] };
  try {
    const pages = {} as Record<Method, { page: Page; cdp: CDPSession }>;
    for (const method of METHODS) {
      const page = await browser.newPage({ viewport: { width: 1000, height: 800 } });
      const { standIn } = harness;
      const query = new URLSearchParams({ ...PAGES[method], engine: standIn.engineUrl, document: standIn.documentId });
      await page.goto(`${harness.pageOrigin}/swap-e2e.html?${query}`, { timeout: 180_000, waitUntil: 'domcontentloaded' });
      await page.waitForFunction(() => window.__swap?.status !== 'loading', undefined, { timeout: 180_000 });
      const status = await page.evaluate(() => [window.__swap!.status, window.__swap!.loadError]);
      if (status[0] !== 'loaded') throw new Error(`${method} page: ${status[1]}`);
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Performance.enable');
      pages[method] = { page, cdp };
    }
    for (let round = 0; round < warmup + rounds; round++) {
      // Rotating order: no method always runs on a warmer (or busier) machine than another.
      for (const method of METHODS.map((_, i) => METHODS[(i + round) % METHODS.length]!)) {
        const sample = await handOver(pages[method].page, pages[method].cdp);
        if (round >= warmup) samples[method].push(sample);
      }
    }
  } finally {
    await browser.close();
    await harness.close();
  }
  const of = (method: Method, key: keyof Sample) => samples[method].map((sample) => sample[key]);
  const spread = (values: number[], format: (value: number) => string) =>
    `${format(median(values))} [${format(Math.min(...values))}, ${format(Math.max(...values))}]`;
  const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`;
  const rows: Row[] = [];
  for (const method of ['swap', 'reload'] as const) {
    const blocked = pairedRatio(of(method, 'blockedMs'), of('guide', 'blockedMs'));
    rows.push({
      metric: `${method} (SDK 1.12.0): time the user could not interact per renewal, blank + tasks > 50 ms (median [min, max])`,
      ours: spread(of(method, 'blockedMs'), (value) => ms(value, 0)),
      guide: spread(of('guide', 'blockedMs'), (value) => ms(value, 0)),
      floor: `${spread(of('setSession', 'blockedMs'), (value) => ms(value, 0))} (setSession, 1.22.0)`,
      compare: `ours/guide ${ratioWithCi(blocked.median, blocked.ci)}`,
      target: method === 'swap' ? 'below the guide\'s' : 'report',
      verdict: method === 'swap' ? judgeBelow(blocked.ci, 1) : info,
    });
    const heap = pairedRatio(of(method, 'peakHeap'), of('guide', 'peakHeap'));
    rows.push({
      metric: `${method} (SDK 1.12.0): peak JS heap above the page's during a renewal (median [min, max])`,
      ours: spread(of(method, 'peakHeap'), mb),
      guide: spread(of('guide', 'peakHeap'), mb),
      floor: `${spread(of('setSession', 'peakHeap'), mb)} (setSession, 1.22.0)`,
      compare: `ours/guide ${ratioWithCi(heap.median, heap.ci)}`,
      target: method === 'swap' ? 'report (a swap holds two viewers for a moment)' : 'report',
      verdict: info,
    });
  }
  const part = (method: Method) =>
    `${method}: blank ${ms(median(of(method, 'blankMs')), 0)}, long tasks ${ms(median(of(method, 'longTaskMs')), 0)}`;
  return {
    number: '7',
    title: 'Renewal without setSession: what a swap or reload costs the user, Chromium',
    rows,
    notes: [
      `Four pages of demo/swap-e2e.html on the demo's Vite dev server (the same serving for all), each with one viewer ` +
        `against the stand-in (1-hour tokens, so only the measured renewals happen): setSession through the library on ` +
        `@nutrient-sdk/viewer 1.22.0; swap and in-place reload through the library on 1.12.0 (no setSession); the older ` +
        `guide's hand-written reload on 1.12.0. One renewal per page per round (\`session.renew()\`, or the guide's code), ` +
        `${rounds} rounds after ${warmup} warm-up, the pages in rotating order. "Could not interact" = time on screen with ` +
        `no drawn page on top (checked every animation frame) + main-thread tasks over 50 ms (Long Tasks API) from the ` +
        `start of the renewal until a drawn viewer has the new token. Heap: CDP \`JSHeapUsedSize\` sampled every 25 ms ` +
        `during the renewal, peak minus the value after a forced GC just before. Ratio: median of per-round ratios, 95% ` +
        `bootstrap interval.`,
      `Medians per part: ${METHODS.map(part).join('; ')}.`,
    ],
  };
}
