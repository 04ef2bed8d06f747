// Model-based tests: random sequences of triggers, endpoint answers, clock jumps and onLine flips
// against the renewer, with the invariants checked after every step. CI runs a fixed seed; a
// failure prints the seed and the shrunk sequence (fast-check), which then becomes a plain test.
import fc from 'fast-check';
import { http, HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { SessionEvents, type SessionEvent } from '../../src/session/events.js';
import { browserEnvironment } from '../../src/session/environment.js';
import { fakeBrowser } from '../support/fake-browser.js';
import { decodeJwtClaims, jwtFor } from '../support/jwt.js';
import { newRenewer, T0, useFakeTokenWorld } from '../support/renewer-harness.js';
import { TOKEN_URL } from '../support/token-endpoint.js';

const server = useFakeTokenWorld();
const runs = { numRuns: Number(process.env.FC_RUNS ?? 60), ...(process.env.CI ? { seed: Number(process.env.FC_SEED ?? 20261129) } : {}) };

type Answer = 'ok' | 'ok-no-date' | 'ok-no-iat' | 'same-token' | 'redirect' | '401' | '400' | '429' | '503' | 'hang' | 'network';
type Step =
  | { kind: 'auth-failed'; burst: number }
  | { kind: 'advance'; ms: number }
  | { kind: 'wake' }
  | { kind: 'manual' }
  | { kind: 'answer'; answer: Answer }
  | { kind: 'clock-jump'; ms: number }
  | { kind: 'sleep'; ms: number }
  | { kind: 'offline' }
  | { kind: 'online' }
  | { kind: 'app-loops'; on: boolean };

const answers: Answer[] = ['ok', 'ok-no-date', 'ok-no-iat', 'same-token', 'redirect', '401', '400', '429', '503', 'hang', 'network'];
const anyStep: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('auth-failed' as const), burst: fc.integer({ min: 1, max: 5 }) }),
  fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 120_000 }) }),
  fc.constant({ kind: 'wake' as const }),
  fc.constant({ kind: 'manual' as const }),
  fc.record({ kind: fc.constant('answer' as const), answer: fc.constantFrom(...answers) }),
  fc.record({ kind: fc.constant('clock-jump' as const), ms: fc.integer({ min: -3_600_000, max: 3_600_000 }) }),
  fc.record({ kind: fc.constant('sleep' as const), ms: fc.integer({ min: 1_000, max: 1_800_000 }) }),
  fc.constant({ kind: 'offline' as const }),
  fc.constant({ kind: 'online' as const }),
  fc.record({ kind: fc.constant('app-loops' as const), on: fc.boolean() }),
);

/** A token endpoint with a server clock of its own and every bad habit on request. */
function world() {
  let serverOffset = 0; // server clock minus client clock; a client-only jump moves it
  const serverNow = () => Date.now() + serverOffset;
  const queue: Answer[] = [];
  let lastJwt: string | undefined;
  const stats = { requests: 0, inFlight: 0, maxInFlight: 0, times: [] as number[] };
  server.use(
    http.get(TOKEN_URL, async ({ request }) => {
      stats.requests++;
      stats.times.push(performance.now());
      stats.inFlight++;
      stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
      const done = () => void stats.inFlight--;
      const answer = queue.shift() ?? 'ok';
      if (answer === 'hang') {
        return new Promise<Response>((resolve) => request.signal.addEventListener('abort', () => (done(), resolve(HttpResponse.error()))));
      }
      done();
      const date = { date: new Date(serverNow()).toUTCString() };
      switch (answer) {
        case 'same-token':
          if (lastJwt) return HttpResponse.json({ jwt: lastJwt }, { headers: date });
          break;
        case 'redirect':
          return new HttpResponse(null, { status: 302, headers: { location: '/login' } });
        case '401':
        case '400':
          return new HttpResponse('no', { status: Number(answer) });
        case '429':
        case '503':
          return new HttpResponse('busy', { status: Number(answer), headers: { 'retry-after': '30' } });
        case 'network':
          return HttpResponse.error();
      }
      lastJwt = jwtFor('doc-1', 300, serverNow(), { iat: answer !== 'ok-no-iat' });
      return HttpResponse.json({ jwt: lastJwt }, { headers: answer === 'ok-no-date' ? {} : date });
    }),
  );
  return { queue, stats, jump: (ms: number) => (serverOffset -= ms), serverNow };
}

async function runSteps(steps: Step[]) {
  vi.setSystemTime(T0);
  const endpoint = world();
  const browser = fakeBrowser();
  const events = new SessionEvents();
  const seen: SessionEvent[] = [];
  events.subscribe((event) => seen.push(event));
  const applied: string[] = [];
  const renewer = newRenewer({ env: browserEnvironment(browser.globals), events, apply: (jwt) => { applied.push(jwt); } });
  let appLoops = false;
  events.on('error', () => appLoops && void renewer.renew('manual').catch(() => {}));
  try {
    await checkSteps();
  } finally {
    renewer.dispose(); // a failed run must not go on renewing into the next one
    server.resetHandlers();
    vi.clearAllTimers();
  }

  async function checkSteps() {
  const timers = vi.spyOn(globalThis, 'setTimeout');
  let advanced = 0;
  await renewer.renew('manual').catch(() => {});
  let requestsWhenEnded: number | undefined;
  for (const step of steps) {
    switch (step.kind) {
      case 'auth-failed':
        for (let i = 0; i < step.burst; i++) void renewer.renew('auth-failed').catch(() => {});
        break;
      case 'advance':
        await vi.advanceTimersByTimeAsync(step.ms);
        advanced += step.ms;
        break;
      case 'wake':
        browser.show();
        break;
      case 'manual':
        requestsWhenEnded = undefined;
        void renewer.renew('manual').catch(() => {});
        break;
      case 'answer':
        endpoint.queue.push(step.answer);
        break;
      case 'clock-jump':
        vi.setSystemTime(Date.now() + step.ms);
        endpoint.jump(step.ms);
        break;
      case 'sleep':
        vi.setSystemTime(Date.now() + step.ms); // the server's clock moved on too
        break;
      case 'offline':
        browser.goOffline();
        break;
      case 'online':
        browser.goOnline();
        break;
      case 'app-loops':
        appLoops = step.on;
        break;
    }
    await vi.advanceTimersByTimeAsync(0);
    // Invariants, after every step.
    expect(endpoint.stats.maxInFlight).toBeLessThanOrEqual(1);
    const reasons = seen.filter((e) => e.type === 'renewed').map((e) => e.reason); // one per setSession, in order
    for (let i = 0; i < applied.length; i++) {
      const claims = decodeJwtClaims(applied[i])!;
      expect(claims.document_id).toBe('doc-1');
      if (i > 0) {
        expect(applied[i]).not.toBe(applied[i - 1]);
        // Never older, unless the app asked (renew()); the same expiry only after the viewer refused the current one.
        if (reasons[i] !== 'manual') expect(claims.exp!).toBeGreaterThanOrEqual(decodeJwtClaims(applied[i - 1])!.exp!);
      }
    }
    const now = performance.now();
    expect(endpoint.stats.times.filter((t) => now - t < 60_000).length).toBeLessThanOrEqual(60);
    if (renewer.state === 'ended') {
      requestsWhenEnded ??= endpoint.stats.requests;
      expect(endpoint.stats.requests).toBe(requestsWhenEnded);
    }
    expect(JSON.stringify(seen.map(describeEvent))).not.toMatch(/eyJ/);
    // No spinning timer: a handful per step, plus about one per 100 ms of time at the very most.
    expect(timers.mock.calls.length).toBeLessThanOrEqual(200 + 20 * steps.length + advanced / 100);
  }
  timers.mockRestore();
  const requests = endpoint.stats.requests;
  const appliedCount = applied.length;
  renewer.dispose();
  await vi.advanceTimersByTimeAsync(3_600_000);
  browser.show();
  expect(endpoint.stats.requests).toBe(requests);
  expect(applied).toHaveLength(appliedCount);
  expect(vi.getTimerCount()).toBe(0);
  expect(browser.listenerCount()).toBe(0);
  }
}

/** Events with errors spelled out (message, cause), as a logger would write them. */
function describeEvent(event: SessionEvent): unknown {
  if (!('error' in event)) return event;
  const { error } = event;
  return { ...event, error: { name: error.name, message: error.message, cause: error.cause } };
}

describe('model: safety under any sequence', () => {
  it('one request in flight, only newer valid tokens applied, bounded requests, silence after ended and unload, no token text', async () => {
    await fc.assert(fc.asyncProperty(fc.array(anyStep, { maxLength: 40 }), runSteps), runs);
  }, 120_000);
});

describe('model: liveness with a healthy endpoint', () => {
  const healthyStep: fc.Arbitrary<Step> = fc.oneof(
    fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 120_000 }) }),
    fc.constant({ kind: 'wake' as const }),
    fc.record({ kind: fc.constant('clock-jump' as const), ms: fc.integer({ min: -3_600_000, max: 600_000 }) }),
    fc.record({ kind: fc.constant('answer' as const), answer: fc.constantFrom<Answer>('ok', 'ok-no-date') }),
  );

  it('the viewer always holds a token valid by the server clock: zero auth failures', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(healthyStep, { maxLength: 30 }), async (steps) => {
        vi.setSystemTime(T0);
        const endpoint = world();
        const applied: string[] = [];
        const renewer = newRenewer({ apply: (jwt) => { applied.push(jwt); } });
        await renewer.renew('initial');
        const validNow = () => decodeJwtClaims(applied.at(-1))!.exp! * 1000 > endpoint.serverNow();
        for (const step of steps) {
          if (step.kind === 'advance') {
            for (let left = step.ms; left > 0; left -= 5_000) {
              await vi.advanceTimersByTimeAsync(Math.min(5_000, left));
              expect(validNow()).toBe(true);
            }
          } else if (step.kind === 'clock-jump') {
            vi.setSystemTime(Date.now() + step.ms);
            endpoint.jump(step.ms);
          } else if (step.kind === 'answer') endpoint.queue.push(step.answer);
          await vi.advanceTimersByTimeAsync(0);
          expect(validNow()).toBe(true);
        }
        renewer.dispose();
        server.resetHandlers();
        vi.clearAllTimers();
      }),
      runs,
    );
  }, 120_000);
});
