// Guard G4 (issue 19): what the session log costs per renewal. Three sessions against one local
// token endpoint, in rotating order each iteration: no log at all (every log call a no-op: the
// code as it was before the log), the log off (the default: the last 50 entries kept, no sink),
// and the log on (a function sink and the performance track).
import { SessionLog } from '../src/diagnostics/session-log.js';
import { resolveRenewalOptions } from '../src/policy/options.js';
import { SessionEvents } from '../src/session/events.js';
import { Renewer } from '../src/session/renewer.js';
import { quietEnvironment } from './fake-viewer.js';
import { info, interval, judgeBelow, ms, pairedDifference, summarize, type Result } from './stats.js';
import { startTokenServer } from './token-server.js';

const DOCUMENT_ID = 'bench-doc';

/** Every call a no-op: no entry is built, no ring kept, nothing measured. */
class NoLog extends SessionLog {
  override decision(): void {}
  override event(): void {}
  override retry(): void {}
  override attempting(): void {}
  override sleep(): void {}
  override wake(): void {}
  override measure(): void {}
  override mark(): undefined {
    return undefined;
  }
}

type Arm = 'none' | 'off' | 'on';

export async function logOverhead({ iterations = 1000, warmup = 100 } = {}): Promise<Result> {
  const server = await startTokenServer({ documentId: DOCUMENT_ID });
  const received: unknown[] = [];
  const logs: Record<Arm, SessionLog> = {
    none: new NoLog(),
    off: new SessionLog(),
    on: new SessionLog((entry) => received.push(entry), true),
  };
  const arms = Object.keys(logs) as Arm[];
  const sessions = arms.map((arm) => {
    let appliedAt = 0;
    const renewer = new Renewer({
      source: server.url,
      // proactive off: only these calls renew; loopLimit raised: hundreds of renewals in seconds are the point here.
      options: resolveRenewalOptions({ proactive: false, loopLimit: Number.MAX_SAFE_INTEGER }),
      env: quietEnvironment,
      events: new SessionEvents(),
      documentId: DOCUMENT_ID,
      apply: () => {
        appliedAt = performance.now();
      },
      log: logs[arm],
    });
    renewer.markViewerReady();
    const renew = async () => {
      const start = performance.now();
      await renewer.renew('auth-failed');
      return appliedAt - start;
    };
    return { arm, renewer, renew };
  });
  const times: Record<Arm, number[]> = { none: [], off: [], on: [] };
  try {
    for (let i = 0; i < warmup + iterations; i++) {
      // Rotate who goes first, so no arm always gets the warmest connection.
      for (let k = 0; k < sessions.length; k++) {
        const { arm, renew } = sessions[(i + k) % sessions.length]!;
        const t = await renew();
        if (i >= warmup) times[arm].push(t);
      }
    }
  } finally {
    for (const { renewer } of sessions) renewer.dispose();
    performance.clearMeasures();
    await server.close();
  }
  const s = { none: summarize(times.none), off: summarize(times.off), on: summarize(times.on) };
  const diff = (a: Arm, b: Arm) => pairedDifference(times[a], times[b]); // order-statistic interval, as every paired row
  const offCost = diff('off', 'none');
  const onCost = diff('on', 'off');
  const cell = (arm: Arm) => `${ms(s[arm].median, 3)} / ${ms(s[arm].p95, 3)}`;
  return {
    number: 'G4',
    title: 'Guard: what the session log costs per renewal (debug off and on), Node',
    sampleSizes: [times.off.length],
    rows: [
      {
        metric: 'onAuthFailed → setSession, log off (the default) vs no log code at all (median / p95)',
        ours: cell('off'),
        guide: `no log: ${cell('none')}`,
        floor: '—',
        compare: `off − none ${ms(offCost.median, 3)} ${interval(offCost.ci, 3)}`,
        target: 'off − none < 0.1 ms',
        verdict: judgeBelow(offCost.ci, 0.1, 3),
      },
      {
        metric: 'the same with debug on: a function sink and the performance track (median / p95)',
        ours: cell('on'),
        guide: `off: ${cell('off')}`,
        floor: '—',
        compare: `on − off ${ms(onCost.median, 3)} ${interval(onCost.ci, 3)}`,
        target: 'reported',
        verdict: info,
      },
    ],
    notes: [
      `${iterations} renewals per arm after ${warmup} warm-up, the three arms in rotating order each iteration, each its own ` +
        `Renewer (\`proactive: false\`, \`loopLimit\` raised) against node:http on 127.0.0.1 minting a fresh ES256 JWT per ` +
        `request. "No log" replaces every log call with a no-op (no entry built, no ring), which is what the code did before ` +
        `the log existed; "off" is the default, which keeps the last 50 entries for \`diagnose()\`; "on" adds a function ` +
        `sink (${received.length} entries received) and \`performance.measure\` for request, check and hand-over. A localhost ` +
        `renewal takes about a millisecond and varies by tenths of one on this 2-core machine: read the intervals, not single medians.`,
    ],
  };
}
