import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Result } from './stats.js';
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
  const ok = (value: boolean) => (value ? ({ kind: 'met' } as const) : ({ kind: 'missed' } as const));
  return {
    number: 'G3',
    title: `Guard: nothing left after unload (${cycles} renewal cycles, then unload), Node --expose-gc`,
    rows: [
      {
        metric: 'live timers / page-event subscriptions after unload',
        ours: `${ours.timers.afterUnload} / ${ours.subscriptions.afterUnload}`,
        guide: `${baseline.timersAfterUnload} / none made`,
        floor: '0 / 0',
        compare: '—',
        target: '0 / 0',
        verdict: ok(ours.timers.afterUnload === 0 && ours.subscriptions.afterUnload === 0),
      },
      {
        metric: 'session garbage-collected after unload',
        ours: ours.sessionCollected ? 'yes' : 'no',
        guide: 'n/a (no session object)',
        floor: 'yes',
        compare: '—',
        target: 'yes',
        verdict: ok(ours.sessionCollected),
      },
    ],
    notes: [
      `Child process \`node --expose-gc --import tsx bench/leaks-worker.ts\`, the token endpoint in the parent. Ours = ` +
        `\`loadViewer\` with default renewal options (timer and page-event watch on), \`loopLimit\` raised; ${report.warmup} ` +
        `warm-up cycles, then ${cycles} alternating \`onAuthFailed\` and \`session.renew()\` (${ours.setSessionCalls} setSession ` +
        `calls), then \`session.unload()\`. Timers count as ours when src/ is on their creation stack (${ours.timers.duringSession} ` +
        `live during the session); subscriptions are counted by an injected environment (${ours.subscriptions.everMade} made). ` +
        `The guide's pattern has no unload path: its renewal timer is still pending after \`NutrientViewer.unload()\` ` +
        `(${baseline.timersAfterUnload}), and would later call setSession on an unloaded instance. Heap over a long session is ` +
        `headline 6.`,
    ],
  };
}
