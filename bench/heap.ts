// Headline 6: heap after 8 simulated hours and after unload, ours vs the guide, judged. Each sample
// is a fresh child process (bench/heap-worker.ts) running one side; the sides alternate.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { bootstrap, info, interval, judgeAtMost, median, signedKb, type Result, type Row } from './stats.js';
import type { Side } from './sim-viewer.js';

const worker = fileURLToPath(new URL('./heap-worker.ts', import.meta.url));
const root = fileURLToPath(new URL('..', import.meta.url));
// About 1% of the real viewer page's own JS heap (18 to 29 MB after load in our runs; headline 2 reports it).
const BUDGET_BYTES = 256 * 1024;

interface Point { used: number; code: number }
interface Sample { side: Side; before: Point; afterOneHour: Point; afterSession: Point; afterUnload: Point; renewals: number }

async function sample(side: Side, hours: number): Promise<Sample> {
  const { stdout } = await promisify(execFile)(process.execPath, ['--expose-gc', '--import', 'tsx', worker, side, String(hours)], {
    cwd: root,
    maxBuffer: 1 << 20,
  });
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as Sample;
}

export async function heap({ pairs = 3, hours = 8 } = {}): Promise<Result> {
  const samples: Record<Side, Sample[]> = { ours: [], guide: [] };
  for (let i = 0; i < pairs; i++) {
    const order: Side[] = i % 2 === 0 ? ['ours', 'guide'] : ['guide', 'ours'];
    for (const side of order) samples[side].push(await sample(side, hours));
  }
  const growth = (side: Side, at: 'afterSession' | 'afterUnload', part: keyof Point = 'used') =>
    samples[side].map((s) => s[at][part] - s.before[part]);
  const rows: Row[] = [];
  for (const [label, at] of [[`after ${hours} simulated hours`, 'afterSession'], ['after unload', 'afterUnload']] as const) {
    const ours = growth('ours', at);
    const guide = growth('guide', at);
    const pairsOfSamples = ours.map((o, i) => [o, guide[i]!] as const);
    const differences = pairsOfSamples.map(([o, g]) => o - g);
    const ci = bootstrap(pairsOfSamples, (s) => median(s.map(([o, g]) => o - g)));
    rows.push({
      metric: `heap growth ${label} (heapUsed after gc, vs before load)`,
      ours: signedKb(median(ours)),
      guide: signedKb(median(guide)),
      floor: '0',
      compare: `ours − guide ${signedKb(median(differences))} ${interval([ci[0] / 1024, ci[1] / 1024], 0)} KB`,
      target: `ours − guide ≤ ${BUDGET_BYTES / 1024} KB`,
      verdict: judgeAtMost([ci[0] / 1024, ci[1] / 1024], BUDGET_BYTES / 1024, 0),
    });
  }
  const codeOurs = median(growth('ours', 'afterSession', 'code'));
  const codeGuide = median(growth('guide', 'afterSession', 'code'));
  rows.push({
    metric: `of which compiled code (V8 code space), after ${hours} h`,
    ours: signedKb(codeOurs),
    guide: signedKb(codeGuide),
    floor: '—',
    compare: '—',
    target: '(reported)',
    verdict: info,
  });
  const lateOurs = median(samples.ours.map((s) => s.afterSession.used - s.afterOneHour.used));
  const lateGuide = median(samples.guide.map((s) => s.afterSession.used - s.afterOneHour.used));
  return {
    number: '6',
    title: `Memory over a long session (${hours} simulated hours, then unload)`,
    rows,
    notes: [
      `${pairs} child processes per side, alternating (\`node --expose-gc --import tsx bench/heap-worker.ts <side> ${hours}\`). ` +
        `Each: a 2-hour warm-up session of the same side (so compiled code and caches count in "before"), unloaded; heapUsed ` +
        `after 4 gc passes ("before"); then a fresh session for ${hours} h of virtual time (bench/sim-viewer.ts: 10-min tokens, ` +
        `an engine request every 20 s on average), measured at 1 h and at ${hours} h; then unload and drop it. The fake engine's ` +
        `record of expired sessions and seen JWTs, and the fake viewer's list of setSession arguments, are cleared before each ` +
        `measurement: they are the test double's state, not the page's.`,
      `Budget: ${BUDGET_BYTES / 1024} KB more than the guide's pattern, on the interval's upper end. Judged: the growth from 1 h to ` +
        `${hours} h is ${signedKb(lateOurs)} for ours and ${signedKb(lateGuide)} for the guide (median); a leak would grow ` +
        `with every renewal (ours makes ~${median(samples.ours.map((s) => s.renewals))} /auth calls in ${hours} h, the guide ` +
        `~${median(samples.guide.map((s) => s.renewals))}). Growth that survives unload while the session itself is collected ` +
        `(guard G3) is V8's compiled code and feedback for the library's functions (the code-space row) and module-level state, ` +
        `not the session.`,
    ],
  };
}
