// Headline 1: stalls per viewer-hour over simulated days, with and without a wake event, and the
// idle cost (timer wake-ups) of each side.
import { periodicSleeps, play, realisticDay, viewerHours, type Plan } from './day-plan.js';
import { diff, TOKEN_LATENCY_MS, ENGINE_LATENCY_MS, World, type Counters, type Side } from './sim-viewer.js';
import { bootstrap, interval, seededRandom, sum, type Result, type Row } from './stats.js';

const LIFETIME_SEC = 10 * 60;

/** Timer wake-ups of one side while the tab was hidden, the tokens it got meanwhile, and the hidden time, in h. */
interface Hidden {
  wakeUps: number;
  tokens: number;
  hours: number;
}

interface Run {
  plan: Plan;
  hours: number;
  ours: Counters;
  guide: Counters;
  hidden: Record<Side, Hidden>;
}

interface Variant {
  firstRequestMs?: [number, number] | undefined;
  /** How long before each request the user's input comes (day-plan.ts `inputLeadMs`). */
  inputLeadMs?: number | undefined;
}

async function simulate(side: Side, plan: Plan, wakeEvents: boolean, seed: number, variant: Variant): Promise<{ counters: Counters; hidden: Hidden }> {
  const world = await World.open({ side, lifetimeSec: LIFETIME_SEC, wakeEvents });
  try {
    const before = world.counters();
    const hidden: Hidden = { wakeUps: 0, tokens: 0, hours: 0 };
    let mark = before;
    const afterSegment = (segment: Plan['segments'][number]) => {
      const now = world.counters();
      if (segment.kind === 'hidden') {
        hidden.wakeUps += now.wakeUps - mark.wakeUps;
        hidden.tokens += now.tokenRequests - mark.tokenRequests;
        hidden.hours += segment.ms / 3_600_000;
      }
      mark = now;
    };
    await play(world, plan, seededRandom(seed), { ...variant, afterSegment });
    return { counters: diff(world.counters(), before), hidden };
  } finally {
    await world.close();
  }
}

/** Both sides on the same plan and the same request times (same seed), alternating who runs first. */
async function pair(plan: Plan, wakeEvents: boolean, seed: number, variant: Variant = {}): Promise<Run> {
  const order: Side[] = seed % 2 === 0 ? ['ours', 'guide'] : ['guide', 'ours'];
  const out: Partial<Record<Side, { counters: Counters; hidden: Hidden }>> = {};
  for (const side of order) out[side] = await simulate(side, plan, wakeEvents, seed, variant);
  return { plan, hours: viewerHours(plan), ours: out.ours!.counters, guide: out.guide!.counters, hidden: { ours: out.ours!.hidden, guide: out.guide!.hidden } };
}

/** A 95 % upper bound on a rate after `count` events in `hours` (exact Poisson for 0: the rule of three). */
const upperBound = (count: number, hours: number) => (count === 0 ? 3 / hours : Number.NaN);

const perHour = (runs: Run[], side: Side, key: keyof Counters) => sum(runs.map((r) => r[side][key])) / sum(runs.map((r) => r.hours));
const rate = (value: number) => value.toFixed(2);

export async function stalls({ days = 20 } = {}): Promise<Result> {
  const byWake: Record<'with' | 'without', Run[]> = { with: [], without: [] };
  for (let day = 1; day <= days; day++) {
    const plan = realisticDay(seededRandom(1000 + day));
    byWake.with.push(await pair(plan, true, day));
    byWake.without.push(await pair(plan, false, day));
  }
  const rows: Row[] = [];
  for (const wake of ['with', 'without'] as const) {
    const runs = byWake[wake];
    const oursRate = perHour(runs, 'ours', 'stalls');
    const guideRate = perHour(runs, 'guide', 'stalls');
    const difference = bootstrap(runs, (s) => perHour(s, 'ours', 'stalls') - perHour(s, 'guide', 'stalls'));
    const oursTotal = sum(runs.map((r) => r.ours.stalls));
    const hours = sum(runs.map((r) => r.hours));
    rows.push({
      metric: `stalls per viewer-hour, ${days} simulated days, ${wake} wake events`,
      ours: rate(oursRate),
      guide: rate(guideRate),
      floor: '0',
      compare: `ours − guide ${rate(oursRate - guideRate)} ${interval(difference)}`,
      target: '0',
      // Zero is a count, not an estimate: one stall in the run misses it. The simulation is seeded
      // and deterministic, so the same count comes out every run; more days only narrow the bound.
      verdict:
        oursTotal === 0
          ? { kind: 'met', note: `0 in ${hours.toFixed(0)} viewer-hours: 95 % upper bound ${upperBound(0, hours).toFixed(3)} per hour` }
          : { kind: 'missed', note: `${oursTotal} in ${days} days` },
    });
  }
  const all = [...byWake.with, ...byWake.without];
  const wakeUps = (side: Side) => perHour(byWake.without, side, 'wakeUps');
  const perToken = 3600 / LIFETIME_SEC;
  rows.push({
    metric: 'idle cost: timer wake-ups per viewer-hour',
    ours: wakeUps('ours').toFixed(1),
    guide: wakeUps('guide').toFixed(1),
    floor: `${perToken.toFixed(0)} (one per token)`,
    compare: `${(wakeUps('ours') / wakeUps('guide')).toFixed(2)}x`,
    target: '≤ guide',
    // Counts of a seeded, deterministic simulation: the same in every run, no interval to take.
    verdict: { kind: wakeUps('ours') <= wakeUps('guide') ? 'met' : 'missed', note: 'simulated, deterministic: a count' },
  });
  const hiddenTotal = (side: Side, key: keyof Hidden) => sum(all.map((r) => r.hidden[side][key]));
  const hiddenRate = (side: Side) => hiddenTotal(side, 'wakeUps') / hiddenTotal(side, 'hours');
  const perRenewal = (side: Side) => hiddenTotal(side, 'wakeUps') / hiddenTotal(side, 'tokens');
  rows.push({
    metric: 'idle cost: timer wake-ups per hidden hour (tab in the background)',
    ours: hiddenRate('ours').toFixed(1),
    guide: hiddenRate('guide').toFixed(1),
    floor: `${perToken.toFixed(0)} (one per token)`,
    compare: `${perRenewal('ours').toFixed(2)} per token received while hidden (guide ${perRenewal('guide').toFixed(2)})`,
    target: '≤ 1 per token',
    verdict: { kind: perRenewal('ours') <= 1 ? 'met' : 'missed', note: 'simulated, deterministic: a count' },
  });

  // The audit's fixed scenarios, for continuity (first request 2 s after each wake, as in the audit).
  const fixed = [
    periodicSleeps('4 h, 3-min sleeps every 17 min', 4, 7, 17, 3),
    periodicSleeps('4 h, 8-min sleeps every 31 min', 4, 4, 31, 8),
    { name: '1 h, overnight (12 h) sleep, 1 h', segments: [{ kind: 'work', ms: 62.5 * 60_000 }, { kind: 'sleep', ms: 12 * 3_600_000 }, { kind: 'work', ms: 57.5 * 60_000 }] } as Plan,
  ];
  const fixedLines: string[] = [];
  for (const plan of fixed) {
    const withWake = await pair(plan, true, 7, { firstRequestMs: [2_000, 2_000] });
    const without = await pair(plan, false, 7, { firstRequestMs: [2_000, 2_000] });
    fixedLines.push(
      `| ${plan.name} | ${withWake.ours.stalls} / ${withWake.guide.stalls} | ${without.ours.stalls} / ${without.guide.stalls} | ` +
        `${without.ours.tokenRequests} / ${without.guide.tokenRequests} |`,
    );
  }

  // How much the input's lead matters: the same days without wake events, the input in the request's own task.
  const sameTask: Run[] = [];
  for (let day = 1; day <= Math.min(days, 10); day++) sameTask.push(await pair(realisticDay(seededRandom(1000 + day)), false, day, { inputLeadMs: 0 }));
  const sameTaskLine =
    `**The input's lead** (the first ${sameTask.length} days without wake events, the input in the same task as the request, as a ` +
    `key press that pages at once would be): ours ${rate(perHour(sameTask, 'ours', 'stalls'))} stalls per viewer-hour ` +
    `(${sum(sameTask.map((r) => r.ours.stalls))} in ${sameTask.length} days), the guide ${rate(perHour(sameTask, 'guide', 'stalls'))}. ` +
    `The renewal starts in the input's task; its request takes ${TOKEN_LATENCY_MS} ms, so a viewer request sent in that same ` +
    `task still meets the old token. With the default lead of 300 ms (a hand on the mouse before the click or wheel) the ` +
    `renewal is in place first.`;

  const dayLines = byWake.without.map((run, i) => {
    const withRun = byWake.with[i]!;
    const sleeps = run.plan.segments.filter((s) => s.kind === 'sleep').length;
    const hidden = run.plan.segments.filter((s) => s.kind === 'hidden').length;
    return (
      `| ${i + 1} | ${run.hours.toFixed(1)} | ${sleeps} / ${hidden} | ${withRun.ours.stalls} / ${withRun.guide.stalls} | ` +
      `${run.ours.stalls} / ${run.guide.stalls} | ${run.ours.failedRequests + withRun.ours.failedRequests} / ${run.guide.failedRequests + withRun.guide.failedRequests} | ` +
      `${run.ours.tokenRequests} / ${run.guide.tokenRequests} |`
    );
  });
  const notes = [
    `**Simulated in Node** (bench/sim-viewer.ts, bench/day-plan.ts, bench/virtual-clock.ts): the fake SDK and engine from ` +
      `test/support (their auth module is a port of SDK 1.22.0's: a 401/403 makes a soft refresh with the current JWT, then ` +
      `onAuthFailed, then one retry); ours = the real \`loadViewer\` with default renewal options and the real page environment on stand-in window and document ` +
      `environment; the guide = bench/baseline.ts. Tokens live ${LIFETIME_SEC / 60} min; token endpoint ${TOKEN_LATENCY_MS} ms, ` +
      `engine ${ENGINE_LATENCY_MS} ms. Viewer-hours = time the page is open and the machine awake (hidden spells included, sleep excluded).`,
    `**A stall** is one recovery the viewer had to make before a request could succeed: one cycle of the SDK's refresh ` +
      `(one soft refresh at the engine; the 401 lines of the requests that waited on it are not counted separately). ` +
      `**Days**: ${days} seeded days (bench/day-plan.ts \`realisticDay\`): 08:30 to ~17:30 in work blocks of 10 to 50 min, after each ` +
      `a hidden-tab spell of 3 to 40 min (45%), a sleep of 2 to 15 min (35%) or nothing; lunch asleep 40 to 75 min; the overnight ` +
      `sleep; 30 min of work the next morning. No requests while the tab is hidden or asleep. While working, one engine request every 20 s on average (exponential gaps, 2 s to ` +
      `2 min); the first 3 to 15 s after a sleep or a hidden spell (lock screen, finding the tab). Both sides play the same day ` +
      `with the same request times; the interval is a bootstrap over days.`,
    `**Sleep** as on Linux and macOS: the wall clock (\`Date.now()\`) jumps, the monotonic clock (\`performance.now()\`, the ` +
      `timers' clock) stops, so every pending timer fires late by the whole sleep. **Hidden tabs** as Chrome documents its ` +
      `throttling (developer.chrome.com/blog/timer-throttling-in-chrome-88): timers aligned to 1 s, and chained timers (a chain ` +
      `of 5 or more) to 1 min after 5 min hidden; the network is not throttled (a token response arrives on time; Chromium ` +
      `throttles timer task queues, not loading ones). Chromium driven by Playwright keeps every page visible (bench/hidden-tab-probe.ts; a hidden tab ` +
      `is measured without Playwright in headline 8, over minutes, not days), so this follows the documented policy; an earlier model that delayed the token response like a timer made proactive ` +
      `renewals in long-hidden tabs time out, which Chromium does not do. **With wake events**: the page ` +
      `gets \`visibilitychange\` (our environment's \`visible\`) after every sleep and hidden spell. **Without**: no page event at ` +
      `all (browsers do not promise one on wake). **Input**: in both, the user's pointer or key comes 300 ms before each request ` +
      `(bench/day-plan.ts \`inputLeadMs\`); browsers always deliver it, and our page environment (the real ` +
      `src/session/environment.ts on stand-in window and document) reads the clocks on the first input after a 5 s pause; the ` +
      `guide's pattern listens to nothing.`,
    sameTaskLine,
    `**Idle cost**: a timer wake-up is one timer callback of that side (created in src/ or its dependencies for ours, in ` +
      `bench/baseline.ts for the guide; the attribution reads each timer's creation stack), counted over the days without wake ` +
      `events. Main-thread time of the idle page is measured in Chromium instead (row 8): Node's figure for timer callbacks was 10 to 90 times below what Chromium shows.`,
    `Per day (stalls ours / guide; failed requests are user-visible errors after the SDK's one retry):\n\n` +
      `| day | viewer-hours | sleeps / hidden spells | stalls with wake events | stalls without | failed requests | token requests (without) |\n` +
      `|---|---|---|---|---|---|---|\n${dayLines.join('\n')}`,
    `The audit's fixed scenarios (first request 2 s after each wake), ours / guide:\n\n` +
      `| scenario | stalls with wake events | stalls without | token requests (without) |\n|---|---|---|---|\n${fixedLines.join('\n')}`,
  ];
  return { number: '1', title: 'Stalls per viewer-hour (simulated days, with and without wake events)', rows, notes };
}
