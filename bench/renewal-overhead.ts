import { guidePattern } from './baseline.js';
import { loadOurs } from './fake-viewer.js';
import { ms, pairedRatio, ratio, summarize, type Result } from './stats.js';
import { overheadBreakdown } from './overhead-breakdown.js';
import { startTokenServer } from './token-server.js';

const DOCUMENT_ID = 'bench-doc';

/**
 * Renewal overhead: time from entering onAuthFailed to the setSession call, ours vs the guide's
 * baseline, against the same local token endpoint, alternating per iteration.
 */
async function measure(iterations: number, warmup: number, delayMs: number) {
  const server = await startTokenServer({ documentId: DOCUMENT_ID, delayMs });
  // proactive: false = only onAuthFailed renews; loopLimit raised: 350 renewals in seconds would
  // (rightly) trip the loop breaker (default 10 per 30 s). No failures happen, so the cooldown never applies.
  const ours = await loadOurs({
    refresh: server.url,
    documentId: DOCUMENT_ID,
    renewal: { proactive: false, loopLimit: Number.MAX_SAFE_INTEGER },
  });
  const baseline = guidePattern(server.url);
  const baselineInstance = { setAt: 0, setSession() { this.setAt = performance.now(); } };
  baseline.start(baselineInstance, ours.instance.jwt);
  baseline.stop(); // its 55-minute timer plays no part here

  const runOurs = async () => {
    const before = ours.instance.sessionsSetAt.length;
    const start = performance.now();
    await ours.onAuthFailed();
    if (ours.instance.sessionsSetAt.length !== before + 1) throw new Error('ours: setSession not called once');
    return ours.instance.sessionsSetAt.at(-1)! - start;
  };
  const runBaseline = async () => {
    const start = performance.now();
    await baseline.onAuthFailed();
    return baselineInstance.setAt - start;
  };

  const oursTimes: number[] = [];
  const baseTimes: number[] = [];
  try {
    for (let i = 0; i < warmup + iterations; i++) {
      // Alternate who goes first so neither always gets the warmer connection.
      let a: number;
      let b: number;
      if (i % 2 === 0) {
        a = await runOurs();
        b = await runBaseline();
      } else {
        b = await runBaseline();
        a = await runOurs();
      }
      if (i >= warmup) {
        oursTimes.push(a);
        baseTimes.push(b);
      }
    }
  } finally {
    ours.session.unload();
    await server.close();
  }
  return { oursTimes, baseTimes };
}

export async function renewalOverhead({ iterations = 300, warmup = 50, latencyMs = 20, latencyIterations = 60 } = {}): Promise<Result> {
  const { oursTimes, baseTimes } = await measure(iterations, warmup, 0);
  const slow = await measure(latencyIterations, 10, latencyMs);
  const breakdown = await overheadBreakdown();
  const slowOurs = summarize(slow.oursTimes);
  const slowBase = summarize(slow.baseTimes);
  const o = summarize(oursTimes);
  const b = summarize(baseTimes);
  const medianRatio = o.median / b.median;
  const paired = pairedRatio(oursTimes, baseTimes);
  const p95Ratio = o.p95 / b.p95;
  const met = medianRatio <= 1.05;
  const notes = [
    `Node ${process.version}, ${iterations} iterations each after ${warmup} warm-up, ours and baseline alternating ` +
      `(the order flips every iteration). Token endpoint: node:http on 127.0.0.1, a fresh jose ES256 JWT per request. ` +
      `Ours = \`loadViewer\` with an injected fake SDK (its captured \`onAuthFailed\` is called), ` +
      `\`renewal: { proactive: false, loopLimit: Number.MAX_SAFE_INTEGER }\` (the default loop breaker, 10 renewals per 30 s, ` +
      `would stop this run after 10; \`failureCooldownMs\` never applies because no renewal fails). ` +
      `Baseline = bench/baseline.ts (fetch, r.json(), setSession). Timed from entering onAuthFailed to setSession (performance.now()).`,
    `Where ours' extra ${ms(o.median - b.median, 3)} goes (same endpoint, separate alternating run): plain fetch + json ` +
      `${ms(breakdown.fetchMs, 3)}; ky with our options adds ${ms(breakdown.kyExtraMs, 3)}; jose's header + payload decode adds ` +
      `${ms(breakdown.decodeExtraMs, 3)}; the rest (AbortControllers, abort listeners, timeout timer, Promise.race, p-retry, ` +
      `events, claims checks) is the remainder.`,
    `Context, not the target: with ${latencyMs} ms of backend latency in the endpoint (${latencyIterations} iterations each), ` +
      `ours median ${ms(slowOurs.median, 2)} (p95 ${ms(slowOurs.p95, 2)}) vs baseline ${ms(slowBase.median, 2)} ` +
      `(p95 ${ms(slowBase.p95, 2)}), ${ratio(slowOurs.median / slowBase.median)} (a difference of ${ms(slowOurs.median - slowBase.median, 2)}).`,
    `Ours: median ${ms(o.median, 3)}, p95 ${ms(o.p95, 3)}, min ${ms(o.min, 3)}. Baseline: median ${ms(b.median, 3)}, p95 ${ms(b.p95, 3)}, ` +
      `min ${ms(b.min, 3)}. Median of the paired per-iteration ratios: ${ratio(paired)}.`,
  ];
  if (!met) {
    notes.push(
      `**Missed** (${ratio(medianRatio)} > 1.05x, ${ms(o.median - b.median, 3)} per renewal on a 0 ms localhost endpoint). ` +
        `Measured above: ky accounts for about ${ms(breakdown.kyExtraMs, 3)}, jose's decode for ${ms(breakdown.decodeExtraMs, 3)}, ` +
        `the per-attempt machinery for the rest. What would fix it: use \`fetch\` directly in src/fetch-token.ts (ky's ` +
        `Request construction and option normalisation is the largest single part, and we use none of its retry/timeout ` +
        `features: retry 0, timeout false); decode the JWT payload with a 10-line base64url/JSON.parse instead of two jose calls; ` +
        `run the first attempt outside p-retry and only create the timeout timer/abort plumbing once per renewal. ` +
        `Against any real network (the ${latencyMs} ms row) the same fixed cost is ${ratio(slowOurs.median / slowBase.median)}.`,
    );
  }
  return {
    id: 'renewal-overhead',
    title: '1. Renewal overhead (onAuthFailed → setSession), Node',
    rows: [
      { metric: 'onAuthFailed → setSession, median (0 ms endpoint)', ours: ms(o.median, 3), baseline: ms(b.median, 3), ratio: ratio(medianRatio), target: '≤ 1.05x', met },
      { metric: 'onAuthFailed → setSession, p95 (0 ms endpoint)', ours: ms(o.p95, 3), baseline: ms(b.p95, 3), ratio: ratio(p95Ratio), target: '(reported)', met: undefined },
      {
        metric: `onAuthFailed → setSession, median (${latencyMs} ms endpoint)`,
        ours: ms(slowOurs.median, 2), baseline: ms(slowBase.median, 2), ratio: ratio(slowOurs.median / slowBase.median),
        target: '(context)', met: undefined,
      },
    ],
    notes,
  };
}
