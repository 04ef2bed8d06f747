import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { kb, type Result } from './stats.js';
import { startTokenServer } from './token-server.js';

const worker = fileURLToPath(new URL('./leaks-worker.ts', import.meta.url));
const root = fileURLToPath(new URL('..', import.meta.url));

interface WorkerReport {
  cycles: number;
  warmup: number;
  ours: {
    setSessionCalls: number;
    eventListenerCalls: number;
    timers: { beforeCycles: number; duringSession: number; afterUnload: number };
    subscriptions: { everMade: number; duringSession: number; afterUnload: number };
    heap: { before: number; afterCycles: number; afterUnload: number };
    sessionCollected: boolean;
  };
  baseline: { timersAfterUnload: number; setSessionCalls: number; heap: { before: number; afterCycles: number } };
}

/** Leaks: N renewal cycles, then unload: live timers, page-event subscriptions, heap. In a child process with --expose-gc. */
export async function leaks({ cycles = 1000, warmup = 300 } = {}): Promise<Result> {
  const server = await startTokenServer({ documentId: 'bench-doc' });
  let report: WorkerReport;
  try {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--expose-gc', '--import', 'tsx', worker, server.url, String(cycles), String(warmup), 'bench-doc'],
      { cwd: root, maxBuffer: 1 << 20 },
    );
    report = JSON.parse(stdout.trim().split('\n').at(-1)!) as WorkerReport;
  } finally {
    await server.close();
  }
  const { ours, baseline } = report;
  const oursGrowth = ours.heap.afterUnload - ours.heap.before;
  const oursDuring = ours.heap.afterCycles - ours.heap.before;
  const baseGrowth = baseline.heap.afterCycles - baseline.heap.before;
  const signed = (bytes: number) => `${bytes >= 0 ? '+' : '−'}${kb(Math.abs(bytes))}`;
  const timersMet = ours.timers.afterUnload === 0;
  const listenersMet = ours.subscriptions.afterUnload === 0;
  return {
    id: 'leaks',
    title: `7. Leaks (${cycles} renewal cycles, then unload), Node --expose-gc`,
    rows: [
      { metric: 'live timers after unload', ours: String(ours.timers.afterUnload), baseline: String(baseline.timersAfterUnload), ratio: '—', target: '0', met: timersMet },
      { metric: 'page-event subscriptions after unload', ours: String(ours.subscriptions.afterUnload), baseline: 'n/a (none made)', ratio: '—', target: '0', met: listenersMet },
      {
        metric: `heap growth over ${cycles} cycles (after gc)`,
        ours: `${signed(oursGrowth)} after unload`,
        baseline: signed(baseGrowth),
        ratio: '—',
        target: 'session collectable after unload',
        met: ours.sessionCollected,
      },
    ],
    notes: [
      `Child process \`node --expose-gc --import tsx bench/leaks-worker.ts\`; the token endpoint runs in the parent, so the ` +
        `measured heap is the client's alone. Ours = \`loadViewer\` with the default renewal options (proactive timer and page-event ` +
        `watch on) and \`loopLimit: Number.MAX_SAFE_INTEGER\` (1000 renewals in seconds is exactly what the loop breaker is meant ` +
        `to stop; its timestamp list is bounded by \`loopWindowMs\`). ${report.warmup} warm-up cycles, then ${cycles} cycles ` +
        `alternating \`onAuthFailed\` (the viewer's trigger) and \`session.renew()\`: ${ours.setSessionCalls} setSession calls, ` +
        `${ours.eventListenerCalls} \`renewed\` events, then \`session.unload()\`.`,
      `Timers: setTimeout/clearTimeout wrapped; a timer counts as ours when src/ is on its creation stack. Ours: ` +
        `${ours.timers.duringSession} live during the session (the proactive renewal timer), ${ours.timers.afterUnload} after unload. ` +
        `Page events: an injected environment counting \`watch()\` subscriptions: ${ours.subscriptions.everMade} made, ` +
        `${ours.subscriptions.duringSession} live during the session, ${ours.subscriptions.afterUnload} after unload. ` +
        `The baseline's renewal timer is still pending after the viewer is unloaded (${baseline.timersAfterUnload}): ` +
        `the guide's pattern has no unload path, so it later calls setSession on an unloaded instance.`,
      `Heap (heapUsed after 4 gc passes): ours ${signed(oursDuring)} after the cycles, ${signed(oursGrowth)} after unload; the ` +
        `session object ${ours.sessionCollected ? 'was' : 'was NOT'} garbage-collected once unloaded and dropped (WeakRef). ` +
        `Baseline, same process, same endpoint, same number of cycles: ${signed(baseGrowth)}. Growth of this size also shows ` +
        `without any session (fetch/undici's connection state and V8's code and feedback caches); what matters is that ` +
        `nothing stays reachable from the unloaded session.`,
    ],
  };
}
