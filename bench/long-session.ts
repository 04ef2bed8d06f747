// Auth failures over a long session, simulated in Node: virtual time (bench/virtual-clock.ts), the
// fake SDK and fake Document Engine from test/support/fake-sdk.ts (a port of SDK 1.22.0's auth
// module: soft refresh, onAuthFailed, setSession), a token endpoint behind a stubbed global fetch.
import { guidePattern } from './baseline.js';
import { loadViewer, type WakeCause } from '../src/index.js';
import { createFakeSdk, FakeEngine, type FakeInstance } from '../test/support/fake-sdk.js';
import { jwtFor } from '../test/support/jwt.js';
import { VirtualClock } from './virtual-clock.js';
import type { Result } from './stats.js';

const MIN = 60_000;
const START = Date.UTC(2025, 0, 6, 8, 0, 0);
const DOCUMENT_ID = 'doc-1';
const TOKEN_URL = 'http://app.test/api/token';
const LIFETIME_SEC = 10 * 60;
const REQUEST_EVERY_MS = 20_000; // the user scrolls/zooms: one engine request every 20 s while awake
const WAKE_TO_REQUEST_MS = 2_000; // lid open → first request
const TOKEN_LATENCY_MS = 80;
const ENGINE_LATENCY_MS = 20;

interface Scenario {
  name: string;
  durationMs: number;
  /** [start, length] in ms from the session's start. */
  sleeps: Array<[number, number]>;
}

function periodic(name: string, durationMs: number, firstAt: number, every: number, length: number): Scenario {
  const sleeps: Array<[number, number]> = [];
  for (let at = firstAt; at + length < durationMs; at += every) sleeps.push([at, length]);
  return { name, durationMs, sleeps };
}

const scenarios: Scenario[] = [
  { name: 'awake 4 h (no sleep)', durationMs: 240 * MIN, sleeps: [] },
  periodic('4 h, 3-min sleeps every 17 min', 240 * MIN, 7 * MIN, 17 * MIN, 3 * MIN),
  periodic('4 h, 8-min sleeps every 31 min', 240 * MIN, 4 * MIN, 31 * MIN, 8 * MIN),
  { name: '1 h, overnight (12 h) sleep, 1 h', durationMs: 14 * 60 * MIN, sleeps: [[62.5 * MIN, 12 * 60 * MIN]] },
];

interface Outcome {
  authFailures: number;
  onAuthFailedCalls: number;
  failedRequests: number;
  requests: number;
  tokenRequests: number;
  setSessionCalls: number;
}

async function simulate(mode: 'ours' | 'baseline', scenario: Scenario): Promise<Outcome> {
  const clock = new VirtualClock(START);
  const restoreClock = clock.install();
  const realFetch = globalThis.fetch;
  let tokenRequests = 0;
  globalThis.fetch = (async () => {
    await new Promise((resolve) => setTimeout(resolve, TOKEN_LATENCY_MS));
    tokenRequests++;
    const headers = { 'content-type': 'application/json', date: new Date(Date.now()).toUTCString() };
    return new Response(JSON.stringify({ jwt: jwtFor(DOCUMENT_ID, LIFETIME_SEC, Date.now()) }), { headers });
  }) as typeof fetch;
  const wakeListeners = new Set<(cause: WakeCause) => void>();
  const environment = {
    isOnline: () => true,
    watch(listener: (cause: WakeCause) => void) {
      wakeListeners.add(listener);
      return () => void wakeListeners.delete(listener);
    },
  };
  const engine = new FakeEngine({ documentId: DOCUMENT_ID, latencyMs: ENGINE_LATENCY_MS });
  const sdk = createFakeSdk(engine);
  let instance: FakeInstance;
  let stop: () => void;
  try {
    if (mode === 'ours') {
      const session = await clock.run(
        loadViewer<FakeInstance>({ container: 'viewer', serverUrl: 'http://engine.test/', documentId: DOCUMENT_ID, refresh: TOKEN_URL, sdk, environment }),
      );
      instance = session.instance;
      stop = () => session.unload();
    } else {
      const pattern = guidePattern(TOKEN_URL);
      const jwt = await clock.run(fetch(TOKEN_URL).then((r) => r.json()).then((body) => (body as { jwt: string }).jwt));
      const loaded = await clock.run(
        sdk.load({ container: 'viewer', serverUrl: 'http://engine.test/', documentId: DOCUMENT_ID, instant: false, authPayload: { jwt }, onAuthFailed: pattern.onAuthFailed }),
      );
      pattern.start(loaded, jwt);
      instance = loaded;
      stop = () => {
        pattern.stop();
        sdk.unload(loaded);
      };
    }
    const loadAuthFailures = engine.authFailures;
    const end = START + scenario.durationMs;
    const sleeps = scenario.sleeps.map(([at, length]) => [START + at, length] as const);
    const pending: Promise<void>[] = [];
    let failedRequests = 0;
    let requests = 0;
    let nextRequest = START + REQUEST_EVERY_MS;
    while (nextRequest < end) {
      const sleep = sleeps[0];
      if (sleep && sleep[0] <= nextRequest) {
        sleeps.shift();
        await clock.advanceTo(sleep[0]);
        clock.sleep(sleep[1]);
        for (const listener of [...wakeListeners]) listener('visible'); // the page is shown again on wake
        nextRequest = clock.now + WAKE_TO_REQUEST_MS;
        continue;
      }
      await clock.advanceTo(nextRequest);
      requests++;
      pending.push(instance.request().catch(() => void failedRequests++));
      nextRequest += REQUEST_EVERY_MS;
    }
    await clock.advanceTo(end);
    await clock.run(Promise.allSettled(pending));
    stop();
    return {
      authFailures: engine.authFailures - loadAuthFailures,
      onAuthFailedCalls: instance.onAuthFailedCalls,
      failedRequests,
      requests,
      tokenRequests,
      setSessionCalls: instance.setSessionCalls.length,
    };
  } finally {
    restoreClock();
    globalThis.fetch = realFetch;
  }
}

export async function longSession(): Promise<Result> {
  const rows: Result['rows'] = [];
  const details: string[] = [];
  let oursTotal = 0;
  for (const scenario of scenarios) {
    const ours = await simulate('ours', scenario);
    const baseline = await simulate('baseline', scenario);
    oursTotal += ours.authFailures;
    const expiries = Math.floor(scenario.durationMs / (LIFETIME_SEC * 1000));
    rows.push({
      metric: `auth failures at the engine: ${scenario.name}`,
      ours: String(ours.authFailures),
      baseline: String(baseline.authFailures),
      ratio: '—',
      target: '0',
      met: ours.authFailures === 0,
    });
    const describe = (o: Outcome) =>
      `${o.authFailures} auth failures (401/403 answers, the SDK's refused soft refreshes included), ` +
      `${o.onAuthFailedCalls} onAuthFailed calls, ${o.failedRequests} of ${o.requests} requests failed for the user, ` +
      `${o.tokenRequests} token requests, ${o.setSessionCalls} setSession calls`;
    details.push(
      `*${scenario.name}* (${scenario.sleeps.length} sleeps, ~${expiries} token lifetimes): ours ${describe(ours)}; baseline ${describe(baseline)}.`,
    );
  }
  const notes = [
    `**Simulated in Node, not in the browser**: virtual time (bench/virtual-clock.ts), the fake SDK and fake engine from ` +
      `test/support/fake-sdk.ts (its auth module is a port of SDK 1.22.0's: a 401/403 triggers a soft refresh with the ` +
      `current JWT, then onAuthFailed, then one retry), our real \`loadViewer\` with default renewal options and an injected ` +
      `environment, the baseline from bench/baseline.ts; both fetch tokens through the same stubbed global fetch ` +
      `(${TOKEN_LATENCY_MS} ms). Tokens live ${LIFETIME_SEC / 60} min (ours renews 60 s before exp, the baseline 5 min before). ` +
      `The user makes one engine request every ${REQUEST_EVERY_MS / 1000} s while awake, the first ${WAKE_TO_REQUEST_MS / 1000} s after a wake.`,
    `A sleep is modelled as on Linux/macOS: the wall clock jumps, but timers run on a monotonic clock that stopped, so every ` +
      `pending timer fires late by the sleep's length; on wake the page gets a \`visibilitychange\` (our environment's ` +
      `\`visible\` cause). Hidden-tab throttling (timers aligned to 1 min) is not simulated: with 5 min (baseline) and 60 s ` +
      `(ours) of margin it costs neither an expiry unless a request is made while hidden.`,
    ...details,
  ];
  if (oursTotal > 0) {
    notes.push(
      `**Missed** (ours: ${oursTotal} auth failures in total). Cause, in src/renewer.ts \`#renewIfDue\`: on a wake event ` +
        `before \`renewAt\` it returns without re-arming the proactive timer, and setTimerAt (src/timer.ts) computes its wait only ` +
        `when armed or when it fires. After a sleep that ends before \`renewAt\`, the timer is still late by the whole sleep, ` +
        `so the token can expire before it fires and the viewer's next request meets an expired session. Fix: on every wake, ` +
        `re-arm the timer from the wall clock (\`this.#arm(token.plan.renewAt)\` when not yet due), or re-check on a short ` +
        `interval while visible.`,
    );
  }
  return { id: 'long-session', title: '4. Auth failures over a long session (simulated sleep), Node', rows, notes };
}
