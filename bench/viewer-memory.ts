// Headline 6: does the page's memory grow with every renewal? In Chromium with the real viewer
// (bench/pages/viewer.html), ours vs the guide's pattern: the JS heap after a full gc (CDP
// HeapProfiler.collectGarbage, then Runtime.getHeapUsage) between blocks of renewals; the slope
// per renewal is the growth of each block divided by its renewals, the two sides' blocks
// interleaved, and the row judges the paired difference's order-statistic interval.
import type { CDPSession, Page } from 'playwright-core';
import type { BenchHarness } from './browser-harness.js';
import { openBenchPage } from './browser-page.js';
import type { Mode } from './pages/bench-page.js';
import { interval, judgeBelow, medianInterval, median, pairedDifference, type Result, type Row } from './stats.js';

const SIDES = ['ours', 'guide'] as const;
type Side = (typeof SIDES)[number];
/** A leak this small per renewal is below what a day of renewals could make anyone notice (≈ 100 renewals a day at 10-min tokens: 50 KB). */
const LIMIT_BYTES = 512;

async function heapAfterGc(cdp: CDPSession): Promise<number> {
  for (let i = 0; i < 3; i++) await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
  return usedSize;
}

export async function viewerMemory(harness: BenchHarness, { blocks = 10, perBlock = 20, warmup = 200 } = {}): Promise<Result> {
  const pages: Partial<Record<Side, Page>> = {};
  const cdps: Partial<Record<Side, CDPSession>> = {};
  const slopes: Record<Side, number[]> = { ours: [], guide: [] };
  const loaded: Record<Side, number> = { ours: 0, guide: 0 };
  const requestsBefore = harness.standIn.log.count({ kind: 'auth' });
  try {
    for (const side of SIDES) {
      // Each side in its own browser context, so its own renderer process and V8 heap.
      const page = (pages[side] = await openBenchPage(harness));
      await page.evaluate((mode: Mode) => window.__bench!.load(mode).then(() => undefined), side);
      const cdp = (cdps[side] = await page.context().newCDPSession(page));
      await cdp.send('HeapProfiler.enable');
      await page.evaluate((n) => window.__bench!.renew(n), warmup); // compiled code, caches, pools: before the first point
      loaded[side] = await heapAfterGc(cdp);
    }
    const last: Record<Side, number> = { ...loaded };
    for (let block = 0; block < blocks; block++) {
      const order = block % 2 === 0 ? SIDES : ([...SIDES].reverse() as Side[]);
      for (const side of order) {
        await pages[side]!.evaluate((n) => window.__bench!.renew(n), perBlock);
        const now = await heapAfterGc(cdps[side]!);
        slopes[side].push((now - last[side]) / perBlock);
        last[side] = now;
      }
    }
    const difference = pairedDifference(slopes.ours, slopes.guide);
    const authCalls = harness.standIn.log.count({ kind: 'auth' }) - requestsBefore;
    const own = (side: Side) => {
      const { ci } = medianInterval(slopes[side]);
      return `${median(slopes[side]).toFixed(0)} B/renewal ${interval(ci, 0)}`;
    };
    const rows: Row[] = [
      {
        metric: `JS heap growth per renewal in the real viewer, Chromium (${blocks} blocks of ${perBlock} renewals, heap after gc)`,
        ours: own('ours'),
        guide: own('guide'),
        floor: '0 B/renewal',
        compare: `ours − guide ${difference.median.toFixed(0)} B/renewal ${interval(difference.ci, 0)}`,
        target: `ours − guide < ${LIMIT_BYTES} B/renewal`,
        verdict: judgeBelow(difference.ci, LIMIT_BYTES, 0),
      },
    ];
    return {
      number: '6',
      title: 'Memory over many renewals: heap growth per renewal in the real viewer, Chromium',
      rows,
      sampleSizes: [slopes.ours.length],
      notes: [
        `What it measures: whether the page's memory grows with every renewal (a leak grows with the renewals, whatever the ` +
          `session's length). Real viewer (@nutrient-sdk/viewer 1.22.0) on bench/pages/viewer.html against the stand-in, ours ` +
          `(\`loadViewer\`, \`session.renew()\`) and the guide's pattern (its timer's body: a token fetch and \`setSession\`), ` +
          `each page in its own browser context (its own renderer and V8 heap). After load and ${warmup} warm-up renewals, ` +
          `${blocks} blocks of ${perBlock} renewals per side, the sides alternating; after each block 3 × CDP ` +
          `\`HeapProfiler.collectGarbage\`, then \`Runtime.getHeapUsage\`. Slope = a block's growth / its renewals; the ` +
          `comparison is the median of per-block differences with its order-statistic interval. ${authCalls} engine /auth ` +
          `calls in all.`,
        `Against what: the guide's page renews the same way through the same SDK, so the SDK's own growth per \`setSession\` ` +
          `cancels out; floor 0 (no leak). Heap after gc once loaded: ours ${(loaded.ours / 2 ** 20).toFixed(1)} MB, guide ` +
          `${(loaded.guide / 2 ** 20).toFixed(1)} MB. Why ${warmup} warm-up renewals: V8 keeps compiling ours' functions as ` +
          `they get hot, and compiled code counts in the heap (a heap-snapshot diff over 200 renewals after only 40 warm-up, ` +
          `made while writing this row: +43 KB of InstructionStream, about 200 B a renewal, and no object of the session ` +
          `growing); the guide's few lines settle at once. Replaces the Node rows with a fake SDK (3 processes, mostly compiled ` +
          `code and test doubles, a fixed 256 KB budget).`,
        `Per block, in order (B/renewal): ours ${slopes.ours.map((v) => v.toFixed(0)).join(', ')}; guide ` +
          `${slopes.guide.map((v) => v.toFixed(0)).join(', ')}. A leak keeps its slope block after block; a buffer that ` +
          `fills up (the session log keeps its last 50 entries) shows a slope that falls to 0.`,
      ],
    };
  } finally {
    for (const page of Object.values(pages)) await page?.context().close();
  }
}
