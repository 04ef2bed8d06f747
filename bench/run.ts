// `npm run bench`: the headline metrics and the guards in one run; writes BENCHMARKS.md (the
// README links to it). Node-only benchmarks run first, then the Vite build, then Chromium, so
// the browser does not share the cores with them.
//   tsx bench/run.ts --only=1,5,G1   run some (the report goes to $TMPDIR/bench-partial-<checkout>.md, BENCHMARKS.md untouched)
//   tsx bench/run.ts --quick          fewer rounds, for trying changes (also writes $TMPDIR/bench-partial-<checkout>.md)
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { consumerChunkResult, buildConsumer, type ConsumerBuild } from './consumer-build.js';
import { dedup } from './dedup.js';
import { leaks } from './leaks.js';
import { logOverhead } from './log-overhead.js';
import { describeMachine, renderReport } from './report.js';
import { renewalOverhead } from './renewal-overhead.js';
import { requests } from './requests.js';
import { stalls } from './stalls.js';
import type { Result } from './stats.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const only = args.find((a) => a.startsWith('--only='))?.slice('--only='.length).split(',');
const quick = args.includes('--quick');
const partial = quick || only !== undefined;
const wanted = (number: string) => !only || only.includes(number);

const machine = describeMachine();
const started = performance.now();
const results: Result[] = [];

async function step(number: string, title: string, run: () => Promise<Result>): Promise<void> {
  if (!wanted(number)) return;
  const t0 = performance.now();
  process.stdout.write(`bench: ${number}. ${title} … `);
  try {
    const result = await run();
    result.seconds = (performance.now() - t0) / 1000;
    results.push(result);
    const marks = result.rows.map((row) => row.verdict.kind).filter((kind) => kind !== 'info');
    console.log(`${result.seconds.toFixed(1)} s (${marks.join(', ') || 'reported'})`);
  } catch (error) {
    console.log('failed');
    console.error(error);
    results.push({ number, title, rows: [], notes: [], skipped: error instanceof Error ? error.message.split('\n')[0]! : String(error) });
  }
}

await step('1', 'Stalls per viewer-hour', () => stalls(quick ? { days: 3 } : {}));
await step('5', 'Token requests per viewer-hour', () => requests(quick ? { hours: 1 } : {}));
await step('G1', 'Renewal overhead', () => renewalOverhead(quick ? { iterations: 50, warmup: 10 } : {}));
await step('G2', 'Dedup', () => dedup());
await step('G3', 'Nothing left after unload', () => leaks(quick ? { cycles: 200, warmup: 50 } : {}));
await step('G4', 'Session log overhead', () => logOverhead(quick ? { iterations: 60, warmup: 10 } : {}));

// One production build of the bench pages serves headline 4 (sizes) and the browser benchmarks (3, 6, 8, 9, G5).
let consumer: ConsumerBuild | undefined;
let buildError: unknown;
if (['1c', 'G5', '3', '4', '6', '8', '9'].some(wanted)) {
  const t0 = performance.now();
  process.stdout.write('bench: vite build of bench/consumer/ … ');
  try {
    consumer = await buildConsumer();
    console.log(`${((performance.now() - t0) / 1000).toFixed(1)} s`);
  } catch (error) {
    console.log('failed');
    buildError = error;
  }
}
await step('4', 'Initial chunk in a consumer build', async () => {
  if (!consumer) throw buildError;
  return consumerChunkResult(consumer);
});

const browserNeeds = ['/usr/bin/chromium', 'demo/server/stand-in.ts', 'demo/vite.config.ts', 'test/e2e/support/chromium.ts'];
const missing = browserNeeds.filter((path) => !existsSync(path.startsWith('/') ? path : `${root}${path}`));
const browserSteps: Array<[string, string]> = [
  ['3', 'Cold start on a throttled network, Chromium'],
  ['6', 'Heap growth per renewal in the real viewer, Chromium'],
  ['8', 'Idle viewer page: main-thread time and wake-ups, Chromium'],
  ['9', 'Network bytes per viewer-hour, Chromium'],
  ['G5', 'Guard: in-page overhead of a recovery, Chromium'],
  ['1c', 'Idle timer callbacks of the session code, Chromium'],
];
if (missing.length > 0) {
  for (const [number, title] of browserSteps) if (wanted(number)) results.push({ number, title, rows: [], notes: [], skipped: `missing ${missing.join(', ')}` });
} else if (browserSteps.some(([number]) => wanted(number))) {
  const { startBenchHarness } = await import('./browser-harness.js');
  const { coldStart } = await import('./cold-start.js');
  const { stallLength } = await import('./stall-length.js');
  const { viewerMemory } = await import('./viewer-memory.js');
  const { idleCost } = await import('./viewer-idle.js');
  const { networkPerHour } = await import('./viewer-network.js');
  const { idleTimers } = await import('./idle-timers.js');
  // 1-hour tokens: no proactive timer (ours) or guide timer fires during these runs.
  if (!consumer) throw buildError;
  const harness = await startBenchHarness(consumer.outDir, { tokenLifetimeSec: 3600 });
  try {
    await step('3', browserSteps[0]![1], () => coldStart(harness, quick ? { rounds: 2, latencies: [300] } : {}));
    await step('6', browserSteps[1]![1], () => viewerMemory(harness, quick ? { blocks: 3, perBlock: 5, warmup: 5 } : {}));
    await step('8', browserSteps[2]![1], () => idleCost(harness, quick ? { windows: 3, windowMs: 3_000, hidden: { windows: 3, windowMs: 5_000, settleMs: 2_000 } } : {}));
    await step('9', browserSteps[3]![1], () => networkPerHour(harness, quick ? { seconds: 40, lifetimeSec: 20 } : {}));
    await step('G5', browserSteps[4]![1], () => stallLength(harness, quick ? { rounds: 3, warmup: 1, latencies: [300] } : {}));
    await step('1c', browserSteps[5]![1], () => idleTimers(harness));
  } finally {
    await harness.close();
  }
}
if (consumer) rmSync(consumer.outDir, { recursive: true, force: true });
if (missing.length > 0) {
  for (const number of ['7', '7c']) {
    if (wanted(number)) results.push({ number, title: 'Renewal without setSession, Chromium', rows: [], notes: [], skipped: `missing ${missing.join(', ')}` });
  }
} else {
  // Rows 7 and 7c come from one run (one page build, one browser): 7c reuses 7's pages and user.
  if (wanted('7') || wanted('7c')) {
    const { swapCost } = await import('./swap-cost.js');
    const t0 = performance.now();
    process.stdout.write('bench: 7, 7c. Renewal without setSession: what a hand-over costs the user, Chromium … ');
    try {
      const both = await swapCost(quick ? { rounds: 2, largeRounds: 2 } : {});
      const seconds = (performance.now() - t0) / 1000;
      for (const result of both) if (wanted(result.number)) results.push({ ...result, seconds });
      console.log(`${seconds.toFixed(1)} s (${both.flatMap((r) => r.rows.map((row) => row.verdict.kind)).filter((k) => k !== 'info').join(', ') || 'reported'})`);
    } catch (error) {
      console.log('failed');
      console.error(error);
      for (const number of ['7', '7c']) {
        if (wanted(number)) results.push({ number, title: 'Renewal without setSession, Chromium', rows: [], notes: [], skipped: error instanceof Error ? error.message.split('\n')[0]! : String(error) });
      }
    }
  }
  const { swapMemory } = await import('./swap-memory.js');
  await step('7b', 'Memory kept per renewal on SDKs without setSession, Chromium', () => swapMemory(quick ? { renewals: 5 } : {}));
}

// "7", "7b", "7c": a letter after the number keeps its place among the sections of that number.
const order = (result: Result) =>
  result.number.startsWith('G')
    ? 100 + Number(result.number.slice(1))
    : parseFloat(result.number) + ((/[a-z]$/.exec(result.number)?.[0].charCodeAt(0) ?? 96) - 96) / 100;
results.sort((a, b) => order(a) - order(b));
machine.load.end = loadavg()[0]!;
const durationMs = performance.now() - started;
const report = renderReport(machine, results, durationMs);
if (partial) {
  // Named after the checkout: several worktrees on one machine must not overwrite each other's partial reports.
  const path = join(tmpdir(), `bench-partial-${basename(root)}.md`);
  writeFileSync(path, `${report}\n`);
  console.log(`bench: partial run (${only ? `--only=${only.join(',')}` : '--quick'}), wrote ${path} in ${(durationMs / 1000).toFixed(0)} s; BENCHMARKS.md untouched`);
} else {
  writeFileSync(`${root}BENCHMARKS.md`, `${report}\n`);
  console.log(`bench: wrote BENCHMARKS.md in ${(durationMs / 1000).toFixed(0)} s`);
}
process.exitCode = results.some((result) => result.skipped) ? 1 : 0;
