// Headline 8 (issue 22): what SDKs without setSession keep in memory per renewal. A long session
// renews once per token lifetime, and each renewal loads a new viewer and unloads the old one: what
// the SDK (or the library) does not release adds up. Per old SDK, the JS heap after a forced GC,
// before and after N swaps through the library, against the same SDK's bare unload/load loop (the
// older guide's hand-written reload: the SDK's own floor), in Chromium against the stand-in.
import type { CDPSession, Page } from 'playwright-core';
import { NEEDS_INSTANT, SWAP_SDK_VERSIONS } from '../demo/vite/sdk-versions';
import { type Harness, startHarness } from '../test/e2e/support/harness';
import { launchChromium } from '../test/e2e/support/chromium';
import { info, type Result, type Row } from './stats.js';

/** Renewals at most this often: well under 10 in the loop breaker's 30 s window. */
const LOOP_SPACING_MS = 4_000;

const heapAfterGc = async (cdp: CDPSession) => {
  for (let i = 0; i < 3; i++) await cdp.send('HeapProfiler.collectGarbage');
  const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
  return metrics.find((metric) => metric.name === 'JSHeapUsedSize')!.value;
};

async function openPage(harness: Harness, browser: Awaited<ReturnType<typeof launchChromium>>, sdk: string, method: string) {
  const page = await browser.newPage({ viewport: { width: 1000, height: 800 } });
  const { standIn } = harness;
  const instant = NEEDS_INSTANT.includes(sdk) ? '1' : '0';
  const query = new URLSearchParams({ sdk, method, instant, engine: standIn.engineUrl, document: standIn.documentId });
  await page.goto(`${harness.pageOrigin}/swap-e2e.html?${query}`, { timeout: 180_000, waitUntil: 'domcontentloaded' });
  await page.waitForFunction(() => window.__swap?.status !== 'loading', undefined, { timeout: 180_000 });
  const status = await page.evaluate(() => [window.__swap!.status, window.__swap!.loadError]);
  if (status[0] !== 'loaded') throw new Error(`${sdk} ${method} page: ${status[1]}`);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  return { page, cdp };
}

/** Heap growth per renewal over `renewals` renewals, after one warm-up renewal. */
async function growthPerRenewal(page: Page, cdp: CDPSession, renewals: number): Promise<number> {
  await page.evaluate(() => window.__swap!.handOver());
  const before = await heapAfterGc(cdp);
  for (let i = 0; i < renewals; i++) {
    const started = Date.now();
    await page.evaluate(() => window.__swap!.handOver());
    // The loop breaker stops a session renewing 10 times in 30 s: keep under it.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, LOOP_SPACING_MS - (Date.now() - started))));
  }
  await new Promise((resolve) => setTimeout(resolve, 3_500)); // the unload-noise window and late cleanup pass
  return ((await heapAfterGc(cdp)) - before) / renewals;
}

export async function swapMemory({ renewals = 30 } = {}): Promise<Result> {
  const [harness, browser] = await Promise.all([startHarness({ tokenLifetimeSec: 3600 }), launchChromium()]);
  const rows: Row[] = [];
  const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(2)} MB`;
  try {
    for (const sdk of SWAP_SDK_VERSIONS) {
      const growth: Record<string, number> = {};
      for (const method of ['swap', 'guide']) {
        const { page, cdp } = await openPage(harness, browser, sdk, method);
        try {
          growth[method] = await growthPerRenewal(page, cdp, renewals);
        } finally {
          await page.close();
        }
      }
      rows.push({
        metric: `SDK ${sdk}: JS heap kept per renewal after ${renewals} renewals (after a forced GC)`,
        ours: `${mb(growth.swap!)} (swap through the library)`,
        guide: `${mb(growth.guide!)} (bare unload and load, the SDK alone)`,
        floor: '0 MB (setSession keeps one viewer)',
        compare: `ours − bare ${mb(growth.swap! - growth.guide!)}`,
        target: 'report (the SDK leaks per load; see the README)',
        verdict: info,
      });
    }
  } finally {
    await browser.close();
    await harness.close();
  }
  return {
    number: '7b',
    title: 'Memory kept per renewal on SDKs without setSession, Chromium',
    rows,
    notes: [
      `One page of demo/swap-e2e.html per SDK and method on the demo's Vite dev server, one viewer against the stand-in ` +
        `(1-hour tokens: only the measured renewals happen). One warm-up renewal, then CDP \`JSHeapUsedSize\` after three ` +
        `forced GCs, ${renewals} renewals (\`session.renew()\` for the swap; the older guide's code for the bare loop: new token, ` +
        `unload, load with the view state), 3.5 s for late cleanup, and the heap again; the difference over ${renewals}.`,
    ],
  };
}
