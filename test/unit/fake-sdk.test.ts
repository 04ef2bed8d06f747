// Self-tests for the SDK fake: each rule of the real viewer's auth contract it claims to reproduce.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  FakeEngine, FakeRequestError, MESSAGES, createFakeSdk, type FakeInstance, type FakeSdkOptions,
} from '../support/fake-sdk.js';
import { decodeJwtClaims, jwtFor, makeJwt } from '../support/jwt.js';

const T0 = Date.UTC(2026, 0, 1); // whole seconds, so JWT exp (seconds) lines up with the clock

beforeEach(() => {
  vi.useFakeTimers({ now: T0 });
});
afterEach(() => {
  vi.useRealTimers();
});

const configFor = (jwt: string, extra: Record<string, unknown> = {}) => ({
  container: '#viewer', serverUrl: 'http://engine.test/', documentId: 'doc-1', instant: false,
  authPayload: { jwt }, ...extra,
});

/** A loaded instance whose onAuthFailed calls `onAuthFailed(instance)`, like an app's closure. */
async function loadViewer(opts: {
  engine?: FakeEngine; lifetimeSec?: number; sdk?: FakeSdkOptions;
  onAuthFailed?: ((instance: FakeInstance) => unknown) | null;
} = {}) {
  const engine = opts.engine ?? new FakeEngine();
  const sdk = createFakeSdk(engine, opts.sdk);
  const holder: { instance?: FakeInstance } = {};
  const handler = opts.onAuthFailed;
  const onAuthFailed = handler === null ? undefined : () => handler?.(holder.instance!);
  const instance = await sdk.load(configFor(jwtFor('doc-1', opts.lifetimeSec ?? 60), { onAuthFailed }));
  holder.instance = instance;
  return { engine, sdk, instance };
}

/** Outcome of a promise, readable while fake timers advance (and no unhandled rejection). */
function track<T>(promise: Promise<T>) {
  const outcome: { done: boolean; value?: T; error?: unknown } = { done: false };
  promise.then((value) => Object.assign(outcome, { done: true, value }), (error: unknown) => Object.assign(outcome, { done: true, error }));
  return outcome;
}

const messageOf = (result: PromiseSettledResult<void> | undefined) =>
  result?.status === 'rejected' ? (result.reason as Error).message : 'fulfilled';

describe('jwt helpers', () => {
  it('makes a decodable three-part token with the given claims and alg', () => {
    const jwt = makeJwt({ exp: 2000, document_id: 'd', layer: 'l' }, { alg: 'RS256' });
    const [header, , sig] = jwt.split('.');
    expect(JSON.parse(Buffer.from(header!, 'base64url').toString())).toEqual({ alg: 'RS256', typ: 'JWT' });
    expect(sig).toBe('c2ln');
    expect(decodeJwtClaims(jwt)).toMatchObject({ exp: 2000, document_id: 'd', layer: 'l' });
  });

  it('jwtFor issues now and expires lifetime seconds later', () => {
    expect(decodeJwtClaims(jwtFor('doc-1', 300))).toMatchObject({ document_id: 'doc-1', iat: T0 / 1000, exp: T0 / 1000 + 300 });
    expect(jwtFor('doc-1', 300)).not.toBe(jwtFor('doc-1', 300));
  });
});

describe('load', () => {
  it('validates the configuration like the real load()', async () => {
    const sdk = createFakeSdk(new FakeEngine());
    const jwt = jwtFor('doc-1', 60);
    await expect(sdk.load(configFor(jwt, { serverUrl: 'http://engine.test' }))).rejects.toThrow(MESSAGES.serverUrlSlash);
    await expect(sdk.load(configFor(jwt, { instant: undefined }))).rejects.toThrow('`instant` flag must');
    await expect(sdk.load(configFor(jwt, { container: undefined }))).rejects.toThrow(MESSAGES.containerRequired);
    await expect(sdk.load(configFor('not-a-jwt'))).rejects.toThrow('The supplied JWT is invalid');
    expect(sdk.loads).toBe(4);
  });

  it('rejects an expired initial JWT with the connecting error and never calls onAuthFailed', async () => {
    const engine = new FakeEngine();
    const sdk = createFakeSdk(engine);
    const onAuthFailed = vi.fn();
    const stale = jwtFor('doc-1', 60, T0 - 120_000);
    const error = (await sdk.load(configFor(stale, { onAuthFailed })).then(() => null, (e: unknown) => e)) as Error & { status?: number };
    expect(error.message).toMatch(/^An error occurred while connecting to Nutrient Document Engine: Token has expired/);
    expect(error.status).toBe(401);
    expect(onAuthFailed).not.toHaveBeenCalled();
    expect([engine.authRequests, engine.authFailures, sdk.instances.length]).toEqual([1, 1, 0]);
    // The container was not taken: loading once more with a fresh token works.
    await expect(sdk.load(configFor(jwtFor('doc-1', 60), { onAuthFailed }))).resolves.toBeDefined();
  });

  it('resolves after loadDelayMs and refuses a second load into a mounted container', async () => {
    const sdk = createFakeSdk(new FakeEngine(), { loadDelayMs: 500 });
    const load = track(sdk.load(configFor(jwtFor('doc-1', 60))));
    await vi.advanceTimersByTimeAsync(499);
    expect(load.done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(load.value).toBeDefined();
    await expect(sdk.load(configFor(jwtFor('doc-1', 60)))).rejects.toThrow('already used to mount');
    expect(sdk.unload('#viewer')).toBe(true);
  });

  it('with __requestDuringLoad, onAuthFailed can run before load() resolves', async () => {
    const sdk = createFakeSdk(new FakeEngine(), { loadDelayMs: 2000 });
    let instance: FakeInstance | undefined;
    const seenInstance: Array<FakeInstance | undefined> = [];
    const load = sdk.load(configFor(jwtFor('doc-1', 1), { __requestDuringLoad: true, onAuthFailed: () => void seenInstance.push(instance) }));
    await vi.advanceTimersByTimeAsync(2000);
    instance = await load;
    expect(seenInstance).toEqual([undefined]);
    instance.setSession(jwtFor('doc-1', 60));
    await expect(instance.loadRequest).resolves.toBeUndefined();
  });
});

describe('refresh after an auth failure', () => {
  it('soft refresh: a still-valid JWT gets a new session without onAuthFailed', async () => {
    const { engine, instance } = await loadViewer({ onAuthFailed: () => { throw new Error('not expected'); } });
    engine.expireSessions();
    await expect(instance.request()).resolves.toBeUndefined();
    expect(instance.onAuthFailedCalls).toBe(0);
    expect({ auth: engine.authRequests, failures: engine.authFailures, requests: engine.requests }).toEqual({ auth: 2, failures: 1, requests: 2 });
  });

  it('onAuthFailed + setSession recovers and retries each waiting request once', async () => {
    const { engine, instance } = await loadViewer({
      onAuthFailed: (viewer) => void setTimeout(() => viewer.setSession(jwtFor('doc-1', 60)), 1000),
    });
    await vi.advanceTimersByTimeAsync(61_000); // past the JWT's exp: session and soft refresh both fail
    const requests = [track(instance.request()), track(instance.request()), track(instance.request())];
    await vi.advanceTimersByTimeAsync(999);
    expect(requests.some((r) => r.done)).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(requests.every((r) => r.done && r.error === undefined)).toBe(true);
    expect(instance.onAuthFailedCalls).toBe(1);
    expect(instance.setSessionCalls).toHaveLength(1);
    expect({ auth: engine.authRequests, requests: engine.requests }).toEqual({ auth: 3, requests: 6 }); // load+soft+setSession; 3 + 3 retries
  });

  it('a retry that fails again rejects that request without a new cycle', async () => {
    const engine = new FakeEngine({ latencyMs: 1000 });
    // The new JWT is accepted by /auth (1 s later) but has expired when the retry lands (2 s later).
    const load = loadViewer({
      engine,
      onAuthFailed: (viewer) => viewer.setSession(makeJwt({ document_id: 'doc-1', exp: Math.floor((Date.now() + 2000) / 1000) })),
    });
    await vi.advanceTimersByTimeAsync(1000);
    const { instance } = await load;
    await vi.advanceTimersByTimeAsync(61_000);
    const request = track(instance.request());
    await vi.advanceTimersByTimeAsync(10_000);
    expect(request.error).toBeInstanceOf(FakeRequestError);
    expect((request.error as FakeRequestError).httpStatus).toBe(401);
    expect(instance.onAuthFailedCalls).toBe(1);
    expect(engine.requests).toBe(2);
  });

  it('20 concurrent failing requests share one pending refresh: one onAuthFailed', async () => {
    const { engine, instance } = await loadViewer({
      onAuthFailed: async (viewer) => {
        await new Promise((resolve) => setTimeout(resolve, 100)); // the app's token fetch
        viewer.setSession(jwtFor('doc-1', 60));
      },
    });
    await vi.advanceTimersByTimeAsync(61_000);
    const results = track(instance.requestMany(20));
    await vi.advanceTimersByTimeAsync(200);
    expect(results.value?.every((r) => r.status === 'fulfilled')).toBe(true);
    expect(instance.onAuthFailedCalls).toBe(1);
    expect(engine.requests).toBe(40);
  });

  it('a burst answered by an immediate setSession: one onAuthFailed, late requests soft-refresh with the new JWT', async () => {
    const { engine, instance } = await loadViewer({ onAuthFailed: (viewer) => viewer.setSession(jwtFor('doc-1', 60)) });
    await vi.advanceTimersByTimeAsync(61_000);
    const results = track(instance.requestMany(20));
    await vi.advanceTimersByTimeAsync(5);
    expect(results.value?.every((r) => r.status === 'fulfilled')).toBe(true);
    expect(instance.onAuthFailedCalls).toBe(1);
    expect(engine.authLog.map((a) => `${a.kind}:${a.ok}`)).toEqual(['load:true', 'soft-refresh:false', 'set-session:true', 'soft-refresh:true']);
  });

  it('fails waiting requests with the SDK message when setSession is not called within 30 s; the next request can recover', async () => {
    let answer = false;
    const { instance } = await loadViewer({ onAuthFailed: (viewer) => { if (answer) viewer.setSession(jwtFor('doc-1', 60)); } });
    await vi.advanceTimersByTimeAsync(61_000);
    const request = track(instance.request());
    await vi.advanceTimersByTimeAsync(29_999);
    expect(request.done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect((request.error as Error).message).toBe('Auth refresh timed out: setSession was not called within 30 seconds.');
    answer = true;
    await expect(instance.request()).resolves.toBeUndefined();
    expect(instance.onAuthFailedCalls).toBe(2);
  });

  it('a rejecting onAuthFailed fails the refresh at once, and in-flight requests call it again within 25 ms', async () => {
    const calledAt: number[] = [];
    const { instance } = await loadViewer({
      onAuthFailed: async () => {
        calledAt.push(Date.now());
        throw new Error('token endpoint down');
      },
    });
    await vi.advanceTimersByTimeAsync(61_000);
    const results = track(instance.requestMany(20));
    await vi.advanceTimersByTimeAsync(25);
    expect(calledAt).toHaveLength(2);
    expect(calledAt[1]! - calledAt[0]!).toBeLessThanOrEqual(25);
    expect(results.value?.map(messageOf)).toEqual(Array(20).fill('token endpoint down'));
  });

  it('a synchronously throwing onAuthFailed fails the refresh with that error', async () => {
    const { instance } = await loadViewer({ onAuthFailed: () => { throw new Error('boom'); } });
    await vi.advanceTimersByTimeAsync(61_000);
    await expect(instance.request()).rejects.toThrow('boom');
  });

  it('without onAuthFailed the refresh fails with the SDK message', async () => {
    const { engine, instance } = await loadViewer({ onAuthFailed: null });
    engine.revokeJwts(); // sessions end and the soft refresh is refused
    await expect(instance.request()).rejects.toThrow(MESSAGES.authFailedNoCallback);
    expect(engine.authFailures).toBe(2);
  });

  it('softRefreshSucceeds: false forces the app to be asked', async () => {
    const { engine, instance } = await loadViewer({
      engine: new FakeEngine({ softRefreshSucceeds: false }),
      onAuthFailed: (viewer) => viewer.setSession(jwtFor('doc-1', 60)),
    });
    engine.expireSessions();
    await expect(instance.request()).resolves.toBeUndefined();
    expect(instance.onAuthFailedCalls).toBe(1);
  });

  it('an unreachable engine is a network error, never an auth failure', async () => {
    const { engine, instance } = await loadViewer({ onAuthFailed: () => { throw new Error('not expected'); } });
    engine.setDown(true);
    await expect(instance.request()).rejects.toThrow(new TypeError('Failed to fetch'));
    engine.setDown(false);
    engine.expireSessions();
    const request = instance.request();
    engine.setDown(true); // the soft refresh cannot reach the engine either
    await expect(request).rejects.toThrow(TypeError);
    expect([instance.onAuthFailedCalls, engine.authFailures]).toEqual([0, 0]);
  });
});

describe('setSession', () => {
  it('proactive: re-authenticates at once, no onAuthFailed', async () => {
    const { engine, instance } = await loadViewer({ onAuthFailed: () => { throw new Error('not expected'); } });
    const next = jwtFor('doc-1', 600);
    expect(instance.setSession(next)).toBeUndefined();
    await vi.advanceTimersByTimeAsync(0);
    expect(engine.authLog.map((a) => a.kind)).toEqual(['load', 'set-session']);
    await vi.advanceTimersByTimeAsync(120_000); // the first JWT is long gone; the renewed session is not
    await expect(instance.request()).resolves.toBeUndefined();
    expect([instance.setSessionCalls, engine.authFailures]).toEqual([[next], 0]);
  });

  it('latest call wins (proactive)', async () => {
    const { engine, instance } = await loadViewer();
    instance.setSession(jwtFor('doc-1', 10));
    instance.setSession(jwtFor('doc-1', 600));
    await vi.advanceTimersByTimeAsync(20_000);
    await expect(instance.request()).resolves.toBeUndefined();
    expect(engine.authFailures).toBe(0); // the 10 s session was never applied
  });

  it('latest call wins (during a pending refresh)', async () => {
    const { engine, instance } = await loadViewer({
      onAuthFailed: (viewer) => {
        viewer.setSession(jwtFor('doc-1', 60));
        viewer.setSession(jwtFor('doc-2', 60)); // refused by the engine, and it is the latest
      },
    });
    engine.revokeJwts();
    await expect(instance.request()).rejects.toThrow('An error occurred while connecting to Nutrient Document Engine: Invalid token');
    expect(engine.authLog.map((a) => `${a.kind}:${a.ok}`)).toEqual(['load:true', 'soft-refresh:false', 'set-session:true', 'set-session:false']);
  });

  it('a renewed JWT for another layer is recorded as a layer-handle conflict', async () => {
    const { instance } = await loadViewer();
    instance.setSession(makeJwt({ document_id: 'doc-1', layer: 'review', exp: T0 / 1000 + 60 }));
    await vi.advanceTimersByTimeAsync(0);
    expect(instance.layerHandleConflicts).toBe(1);
  });

  it('after unload throws; unload rejects a pending refresh', async () => {
    const { sdk, instance } = await loadViewer({ onAuthFailed: () => {} });
    await vi.advanceTimersByTimeAsync(61_000);
    const request = track(instance.request());
    await vi.advanceTimersByTimeAsync(0);
    expect(sdk.unload(instance)).toBe(true);
    await vi.advanceTimersByTimeAsync(0);
    expect((request.error as Error).message).toBe('Auth module was destroyed.');
    expect(instance.unloaded).toBe(true);
    expect(() => instance.setSession(jwtFor('doc-1', 60))).toThrow('after unload');
    expect(instance.setSessionCalls).toEqual([]);
    expect(sdk.unload(instance)).toBe(false);
  });
});
