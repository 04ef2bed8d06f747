// `npm run bench`: runs every benchmark in one go and writes BENCHMARKS.md at the repo root.
// Node-only benchmarks run first, before Chromium starts, so the browser does not share their cores.
import { existsSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { bundleSize } from './bundle-size.js';
import { dedup } from './dedup.js';
import { leaks } from './leaks.js';
import { longSession } from './long-session.js';
import { renewalOverhead } from './renewal-overhead.js';
import { describeMachine, renderReport } from './report.js';
import type { Result } from './stats.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const started = performance.now();
const results: Result[] = [];

async function step(title: string, run: () => Promise<Result>): Promise<void> {
  const t0 = performance.now();
  process.stdout.write(`bench: ${title} … `);
  try {
    const result = await run();
    results.push(result);
    const missed = result.rows.filter((row) => row.met === false).length;
    console.log(`${((performance.now() - t0) / 1000).toFixed(1)} s${missed ? `, ${missed} target(s) missed` : ''}`);
  } catch (error) {
    console.log('failed');
    console.error(error);
    results.push({ id: title, title, rows: [], notes: [], skipped: error instanceof Error ? error.message : String(error) });
  }
}

await step('1. Renewal overhead', () => renewalOverhead());
await step('2. Deduplication', () => dedup());
await step('5. Bundle cost', () => bundleSize());
await step('7. Leaks', () => leaks());
await step('4. Long session', () => longSession());

const browserMissing = ['/usr/bin/chromium', 'demo/server/stand-in.ts', 'demo/vite.config.ts', 'test/e2e/support/chromium.ts']
  .filter((path) => !existsSync(path.startsWith('/') ? path : `${root}${path}`));
if (browserMissing.length > 0) {
  for (const title of ['3. Recovery in the real viewer', '6. Load overhead']) {
    results.push({ id: title, title, rows: [], notes: [], skipped: `missing ${browserMissing.join(', ')}` });
  }
} else {
  const { startBenchHarness } = await import('./browser-harness.js');
  const { browserRecovery } = await import('./browser-recovery.js');
  const { browserLoad } = await import('./browser-load.js');
  // 1-hour tokens: no proactive timer (ours) or guide timer (baseline) fires during these runs.
  const harness = await startBenchHarness({ tokenLifetimeSec: 3600 });
  try {
    await step('3. Recovery in the real viewer', () => browserRecovery(harness));
    await step('6. Load overhead', () => browserLoad(harness));
  } finally {
    await harness.close();
  }
}

const order = (result: Result) => Number.parseInt(result.title, 10) || 99;
results.sort((a, b) => order(a) - order(b));
const report = renderReport(describeMachine(), results, performance.now() - started);
writeFileSync(`${root}BENCHMARKS.md`, `${report}\n`);
console.log(`bench: wrote BENCHMARKS.md in ${((performance.now() - started) / 1000).toFixed(0)} s`);
const failed = results.filter((result) => result.skipped);
process.exitCode = failed.length > 0 ? 1 : 0;
