import type { BenchHarness } from './browser-harness.js';
import { openBenchPage } from './browser-page.js';
import type { Mode } from './pages/bench-page.js';
import { ms, pairedRatio, ratio, summarize, type Result } from './stats.js';

/**
 * Load overhead: token fetch + load until the viewer is loaded, ours (loadViewer) vs bare
 * NutrientViewer.load, on the same page and stand-in, alternating per iteration.
 */
export async function browserLoad(harness: BenchHarness, { iterations = 30, warmup = 3 } = {}): Promise<Result> {
  const page = await openBenchPage(harness);
  const times: Record<Mode, number[]> = { ours: [], baseline: [] };
  try {
    for (let i = 0; i < warmup + iterations; i++) {
      const order: Mode[] = i % 2 === 0 ? ['ours', 'baseline'] : ['baseline', 'ours'];
      for (const mode of order) {
        const loadMs = await page.evaluate((m) => window.__bench!.load(m), mode);
        if (i >= warmup) times[mode].push(loadMs);
        await page.evaluate(() => window.__bench!.unload());
      }
    }
  } finally {
    await page.close();
  }
  const o = summarize(times.ours);
  const b = summarize(times.baseline);
  const medianRatio = o.median / b.median;
  const met = medianRatio <= 1.02;
  const notes = [
    `Real viewer (@nutrient-sdk/viewer 1.22.0) in headless Chromium against the stand-in; one page (bench/pages/viewer.html), ` +
      `the SDK module imported once; ${iterations} loads each after ${warmup} warm-up pairs, alternating which goes first. ` +
      `Each load starts without a token: ours = \`loadViewer({ refresh: '/api/token', … })\` (fetches the token, then the ` +
      `SDK's load()); baseline = \`fetch('/api/token')\` then \`NutrientViewer.load({ authPayload, onAuthFailed })\` and the ` +
      `guide's timer. Timed in the page with performance.now() until the load promise resolves; unload between loads.`,
    `Ours: median ${ms(o.median, 1)}, p95 ${ms(o.p95, 1)}, min ${ms(o.min, 1)}. Baseline: median ${ms(b.median, 1)}, ` +
      `p95 ${ms(b.p95, 1)}, min ${ms(b.min, 1)}. Median of paired ratios: ${ratio(pairedRatio(times.ours, times.baseline))}.`,
  ];
  if (!met) {
    notes.push(
      `**Missed** (${ratio(medianRatio)} > 1.02x, ${ms(o.median - b.median, 1)} at the median). Our load adds a ky request ` +
        `instead of fetch, the JWT decode and checks, and a dynamic \`import()\` of the (already evaluated) SDK module before load(). ` +
        `With ${iterations} samples on a 2-core machine the spread (p95 − median ≈ ${ms(Math.max(o.p95 - o.median, b.p95 - b.median), 0)}) ` +
        `is larger than the difference; more iterations would tell noise from overhead. The fixes for item 1 (fetch instead of ky) apply.`,
    );
  }
  return {
    id: 'browser-load',
    title: '6. Load overhead (token + load until loaded), Chromium',
    rows: [
      { metric: 'time to loaded viewer, median', ours: ms(o.median, 1), baseline: ms(b.median, 1), ratio: ratio(medianRatio), target: '≤ 1.02x', met },
      { metric: 'time to loaded viewer, p95', ours: ms(o.p95, 1), baseline: ms(b.p95, 1), ratio: ratio(o.p95 / b.p95), target: '(reported)', met: undefined },
    ],
    notes,
  };
}
