import { describe, expect, it, vi } from 'vitest';
import {
  InvalidTokenError,
  RefreshHttpError,
  RefreshNetworkError,
  RefreshResponseError,
  RefreshTimeoutError,
  RenewalLoopError,
  SessionEndedError,
  SessionUnloadedError,
} from '../../src/errors/errors.js';
import { jwtFor, makeJwt } from '../support/jwt.js';
import { renewerFor, settle, T0, useFakeTokenWorld } from '../support/renewer-harness.js';
import { hang, status } from '../support/token-endpoint.js';
import { HttpResponse } from 'msw';

const server = useFakeTokenWorld();

describe('single flight', () => {
  it('1,000 concurrent triggers of every kind make one request and one setSession', async () => {
    const { renewer, endpoint, applied } = renewerFor(server);
    const reasons = ['auth-failed', 'proactive', 'wake', 'manual', 'initial'] as const;
    const all = Array.from({ length: 1000 }, (_, i) => renewer.renew(reasons[i % reasons.length]!));
    await vi.advanceTimersByTimeAsync(0);
    await Promise.all(all);
    expect(endpoint.issued()).toBe(1);
    expect(applied).toHaveLength(1);
  });

  it('answers the SDK burst right after a failure with that failure, and tries again later', async () => {
    const { renewer, endpoint } = renewerFor(server);
    endpoint.answerNext(status(400));
    await expect(renewer.renew('auth-failed')).rejects.toBeInstanceOf(RefreshHttpError);
    const burst = await Promise.allSettled(Array.from({ length: 5 }, () => renewer.renew('auth-failed')));
    expect(burst.every((r) => r.status === 'rejected' && r.reason instanceof RefreshHttpError)).toBe(true);
    expect(endpoint.issued()).toBe(1);
    await vi.advanceTimersByTimeAsync(2_000);
    await renewer.renew('auth-failed');
    expect(endpoint.issued()).toBe(2);
  });
});

describe('retry with backoff', () => {
  it('recovers from 503 three times, reporting each retry, inside the 25 s budget', async () => {
    const { renewer, endpoint, ofType, applied } = renewerFor(server);
    endpoint.answerNext(status(503), status(503), status(503));
    const outcome = settle(renewer.renew('auth-failed'));
    await vi.advanceTimersByTimeAsync(25_000);
    expect(outcome.done && !outcome.error).toBe(true);
    expect(endpoint.issued()).toBe(4);
    expect(ofType('retrying').map((e) => [e.attempt, e.status])).toEqual([[1, 503], [2, 503], [3, 503]]);
    expect(ofType('renewed')).toMatchObject([{ reason: 'auth-failed', attempts: 4 }]);
    expect(ofType('renewed')[0]!.durationMs).toBeLessThan(25_000);
    expect(applied).toHaveLength(1);
  });

  it('waits Retry-After, then the backoff, before trying again: Retry-After is a lower bound', async () => {
    const { renewer, endpoint, ofType } = renewerFor(server);
    endpoint.answerNext(status(429, { 'retry-after': '2' }));
    const outcome = settle(renewer.renew('auth-failed'));
    await vi.advanceTimersByTimeAsync(2_499); // 2 s asked + p-retry's first backoff, 500 to 1,000 ms
    expect(endpoint.issued()).toBe(1);
    await vi.advanceTimersByTimeAsync(501);
    expect(endpoint.issued()).toBe(2);
    await vi.advanceTimersByTimeAsync(0);
    expect(outcome.done && !outcome.error).toBe(true);
    expect(ofType('retrying')[0]).toMatchObject({ delayMs: 2_500, status: 429 });
  });

  it('ends a long proactive wait at once when the viewer starts waiting, inside its 30 s window', async () => {
    const { renewer, endpoint } = renewerFor(server);
    renewer.adopt(jwtFor('doc-1', 300));
    endpoint.answerNext(status(503, { 'retry-after': '50' })); // fits before expiry: proactive waits
    await vi.advanceTimersByTimeAsync(4 * 60_000);
    expect(endpoint.issued()).toBe(1);
    await vi.advanceTimersByTimeAsync(5_000);
    const joined = settle(renewer.renew('auth-failed')); // the engine refused the session meanwhile
    await vi.advanceTimersByTimeAsync(0);
    expect(joined.done).toBe(true);
    expect(joined.error).toMatchObject({ name: 'RefreshHttpError', status: 503 });
    // The 50 s sleep is gone; the only timer left is the session's own next check.
    expect(vi.getTimerCount()).toBe(1);
  });

  it('gives up at once when Retry-After does not fit the viewer\'s window', async () => {
    const { renewer, endpoint } = renewerFor(server);
    endpoint.answerNext(status(503, { 'retry-after': '120' }));
    const error = await renewer.renew('auth-failed').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RefreshHttpError);
    expect(error).toMatchObject({ status: 503, attempts: 1 });
    expect(endpoint.issued()).toBe(1);
  });

  it.each([400, 404])('treats HTTP %i as fatal at once', async (code) => {
    const { renewer, endpoint, ofType } = renewerFor(server);
    endpoint.answerNext(status(code));
    await expect(renewer.renew('auth-failed')).rejects.toMatchObject({ status: code, attempts: 1 });
    expect(endpoint.issued()).toBe(1);
    expect(ofType('retrying')).toHaveLength(0);
    expect(ofType('error')).toMatchObject([{ fatal: false }]);
  });

  it('times out hanging attempts and ends the whole cycle inside the 25 s budget', async () => {
    const { renewer, endpoint } = renewerFor(server);
    endpoint.answerNext(hang, hang, hang, hang, hang);
    const outcome = settle(renewer.renew('auth-failed'));
    await vi.advanceTimersByTimeAsync(25_000);
    expect(outcome.done).toBe(true);
    expect(outcome.error).toBeInstanceOf(RefreshTimeoutError);
    expect((outcome.error as RefreshTimeoutError).attempts).toBeGreaterThanOrEqual(3);
  });
});

describe('listeners that call renew()', () => {
  it('join the renewal they hear about, and start a new one after hearing it ended', async () => {
    const { renewer, endpoint, events } = renewerFor(server);
    const joined: Promise<void>[] = [];
    events.on('state', (event) => {
      if (event.state === 'renewing') joined.push(renewer.renew('manual'));
    });
    await renewer.renew('initial');
    await Promise.all(joined);
    expect(endpoint.issued()).toBe(1);

    endpoint.answerNext(status(401));
    const restarted: Promise<void>[] = [];
    events.on('ended', () => restarted.push(renewer.renew('manual')));
    await expect(renewer.renew('auth-failed')).rejects.toBeInstanceOf(SessionEndedError);
    await vi.advanceTimersByTimeAsync(2_000); // a renew() right after a failure waits out the cooldown
    await Promise.all(restarted);
    expect(endpoint.issued()).toBe(3);
    expect(renewer.state).toBe('active');
  });
});

describe('state after a failure', () => {
  it('counts a token the viewer refused as expired, though its exp has not passed', async () => {
    const { renewer, endpoint } = renewerFor(server);
    renewer.adopt(jwtFor('doc-1', 300));
    endpoint.answerNext(status(400));
    await renewer.renew('proactive').catch(() => {});
    expect(renewer.state).toBe('active'); // our own early renewal failed: the token still works
    await vi.advanceTimersByTimeAsync(2_000);
    endpoint.answerNext(status(400));
    await renewer.renew('auth-failed').catch(() => {});
    expect(renewer.state).toBe('expired'); // the engine refused it: the viewer cannot use it
    const manual = renewer.renew('manual'); // two failures in a row: spaced 4 s
    await vi.advanceTimersByTimeAsync(4_000);
    await manual;
    expect(renewer.state).toBe('active');
  });
});

describe('logged out', () => {
  it('ends the session once on 401, then makes no request until the app asks', async () => {
    const { renewer, endpoint, ofType, browser } = renewerFor(server);
    await renewer.renew('initial');
    endpoint.answerNext(status(401));
    await expect(renewer.renew('auth-failed')).rejects.toBeInstanceOf(SessionEndedError);
    expect(renewer.state).toBe('ended');
    for (let minute = 0; minute < 10; minute++) {
      await vi.advanceTimersByTimeAsync(60_000);
      browser.show();
      await expect(renewer.renew('auth-failed')).rejects.toBeInstanceOf(SessionEndedError);
    }
    expect(endpoint.issued()).toBe(2);
    expect(ofType('ended')).toHaveLength(1);
    expect(ofType('error').filter((e) => e.fatal)).toHaveLength(1);
    const manual = renewer.renew('manual');
    await vi.advanceTimersByTimeAsync(2_000);
    await manual;
    expect(renewer.state).toBe('active');
    expect(endpoint.issued()).toBe(3);
  });
});

describe('offline', () => {
  it('makes an attempt although the browser says offline (Chromium reports false negatives)', async () => {
    const { renewer, endpoint, browser } = renewerFor(server);
    browser.goOffline();
    await renewer.renew('auth-failed');
    expect(endpoint.issued()).toBe(1);
  });

  it('a proactive renewal, after a network error while offline, waits for online without burning attempts', async () => {
    const { renewer, endpoint, ofType, browser } = renewerFor(server);
    browser.goOffline();
    endpoint.answerNext(() => HttpResponse.error());
    const outcome = settle(renewer.renew('proactive'));
    await vi.advanceTimersByTimeAsync(10_000);
    expect(endpoint.issued()).toBe(1);
    expect(ofType('retrying')).toHaveLength(0);
    browser.goOnline();
    await vi.advanceTimersByTimeAsync(0);
    expect(outcome.done && !outcome.error).toBe(true);
    expect(ofType('renewed')).toMatchObject([{ attempts: 2 }]);
  });

  it('a proactive renewal fails with RefreshNetworkError when still offline at the deadline', async () => {
    const { renewer, endpoint, browser } = renewerFor(server);
    browser.goOffline();
    endpoint.answerNext(() => HttpResponse.error());
    const outcome = settle(renewer.renew('proactive'));
    await vi.advanceTimersByTimeAsync(25_000);
    expect(outcome.error).toBeInstanceOf(RefreshNetworkError);
    expect(endpoint.issued()).toBe(1);
  });

  it("onAuthFailed retries through a stale offline event: the viewer's own request proves more (issue 16.15)", async () => {
    const { renewer, endpoint, browser } = renewerFor(server);
    browser.goOffline(); // and no online event ever comes
    endpoint.answerNext(() => HttpResponse.error(), () => HttpResponse.error()); // a 2 s blip
    const outcome = settle(renewer.renew('auth-failed'));
    await vi.advanceTimersByTimeAsync(5_000);
    expect(outcome.done && !outcome.error).toBe(true);
    expect(endpoint.issued()).toBe(3);
  });

  it('onAuthFailed joining a proactive renewal that waits for online makes it try at once (issue 16.15)', async () => {
    const { renewer, endpoint, browser } = renewerFor(server);
    browser.goOffline();
    endpoint.answerNext(() => HttpResponse.error());
    const proactive = settle(renewer.renew('proactive'));
    await vi.advanceTimersByTimeAsync(5_000);
    expect(endpoint.issued()).toBe(1);
    const viewer = settle(renewer.renew('auth-failed'));
    await vi.advanceTimersByTimeAsync(0);
    expect(endpoint.issued()).toBe(2);
    expect(viewer.done && !viewer.error && proactive.done).toBe(true);
  });
});

describe('bad answers never reach the viewer', () => {
  it.each([
    ['a token for another document', () => HttpResponse.json({ jwt: jwtFor('doc-2', 300) }), InvalidTokenError],
    ['a malformed token', () => HttpResponse.json({ jwt: 'not-a-jwt' }), InvalidTokenError],
    ['an HTML login page', () => HttpResponse.html('<html>login</html>'), RefreshResponseError],
    ['an empty body', () => new HttpResponse('', { status: 200 }), RefreshResponseError],
    [
      'an expired token (by the server clock in Date)',
      () => HttpResponse.json({ jwt: jwtFor('doc-1', 60, Date.now() - 120_000) }, { headers: { date: new Date().toUTCString() } }),
      InvalidTokenError,
    ],
  ])('rejects %s with a typed error event and no setSession', async (_, answer, type) => {
    const { renewer, endpoint, applied, ofType } = renewerFor(server);
    endpoint.answerNext(answer);
    await expect(renewer.renew('auth-failed')).rejects.toBeInstanceOf(type);
    expect(applied).toEqual([]);
    expect(ofType('error')[0]?.error).toBeInstanceOf(type);
    expect(endpoint.issued()).toBe(1);
  });

  it('rejects a renewed token for another Instant layer than the viewer has', async () => {
    const { renewer, endpoint, applied } = renewerFor(server);
    renewer.adopt(makeJwt({ iat: T0 / 1000, exp: T0 / 1000 + 300, document_id: 'doc-1', layer: 'review' }));
    endpoint.answerNext(() => HttpResponse.json({ jwt: makeJwt({ exp: T0 / 1000 + 300, document_id: 'doc-1' }) }));
    await expect(renewer.renew('manual')).rejects.toMatchObject({ reason: 'other-layer' });
    expect(applied).toEqual([]);
  });
});

describe('loop breaker', () => {
  it('stops after 10 renewals in 30 s, as when the engine rejects every new token', async () => {
    const { renewer, endpoint, applied, ofType } = renewerFor(server);
    for (let i = 0; i < 10; i++) await renewer.renew('auth-failed');
    await expect(renewer.renew('auth-failed')).rejects.toBeInstanceOf(RenewalLoopError);
    expect(endpoint.issued()).toBe(10);
    expect(applied).toHaveLength(10);
    // It speaks: one fatal error, lastError, a state that says so.
    expect(renewer.state).toBe('stopped');
    expect(renewer.lastError).toBeInstanceOf(RenewalLoopError);
    expect(ofType('error').filter((e) => e.fatal).map((e) => e.error.name)).toEqual(['RenewalLoopError']);
    await vi.advanceTimersByTimeAsync(29_000);
    await expect(renewer.renew('auth-failed')).rejects.toBeInstanceOf(RenewalLoopError);
    await expect(renewer.renew('proactive')).rejects.toBeInstanceOf(RenewalLoopError);
    expect(endpoint.issued()).toBe(10);
    expect(ofType('error').filter((e) => e.fatal)).toHaveLength(1);
    // The app's renew() is the way back, once the breaker's hold is over.
    const manual = settle(renewer.renew('manual'));
    await vi.advanceTimersByTimeAsync(900);
    expect(endpoint.issued()).toBe(10);
    await vi.advanceTimersByTimeAsync(100);
    expect(manual.done && !manual.error).toBe(true);
    expect(renewer.state).toBe('active');
    expect(endpoint.issued()).toBe(11);
  });

  it("is not forever: once its hold is over, the viewer's next onAuthFailed gets an attempt (issue 16.14)", async () => {
    const { renewer, endpoint } = renewerFor(server);
    for (let i = 0; i < 10; i++) await renewer.renew('auth-failed');
    await expect(renewer.renew('auth-failed')).rejects.toBeInstanceOf(RenewalLoopError);
    await vi.advanceTimersByTimeAsync(20_000);
    await expect(renewer.renew('auth-failed')).rejects.toBeInstanceOf(RenewalLoopError);
    expect(endpoint.issued()).toBe(10);
    await vi.advanceTimersByTimeAsync(10_000); // one loop window after the trip
    await renewer.renew('auth-failed');
    expect(endpoint.issued()).toBe(11);
    expect(renewer.state).toBe('active');
    expect(renewer.lastError).toBeUndefined();
  });

  it('holds longer with each trip in a row', async () => {
    const { renewer, endpoint } = renewerFor(server);
    const loop = async () => {
      for (let i = 0; i < 10; i++) await renewer.renew('auth-failed').catch(() => {});
      await expect(renewer.renew('auth-failed')).rejects.toBeInstanceOf(RenewalLoopError);
    };
    await loop();
    await vi.advanceTimersByTimeAsync(30_000);
    await loop(); // the second trip: 60 s
    const issued = endpoint.issued();
    await vi.advanceTimersByTimeAsync(45_000);
    await expect(renewer.renew('auth-failed')).rejects.toBeInstanceOf(RenewalLoopError);
    await vi.advanceTimersByTimeAsync(15_000);
    await renewer.renew('auth-failed');
    expect(endpoint.issued()).toBe(issued + 1);
  });
});

describe('dispose', () => {
  it('drops a valid token whose answer landed just before the unload, at any microtask (the commit guard)', async () => {
    const afterHops = (hops: number, then: () => void) => {
      let chain = Promise.resolve();
      for (let i = 0; i < hops; i++) chain = chain.then(() => {});
      void chain.then(then);
    };
    for (let hops = 0; hops < 40; hops++) {
      let disposed = false;
      const { renewer, applied } = renewerFor(server, {
        source: async () => {
          afterHops(hops, () => ((disposed = true), renewer.dispose())); // the unload lands this many microtasks after the answer
          return jwtFor('doc-1', 300);
        },
        apply: () => disposed,
      });
      await renewer.renew('manual').catch(() => {});
      await Promise.resolve();
      expect(applied, `unload ${hops} microtasks after the answer`).not.toContain(true);
    }
  });

  it('aborts the request in flight, never applies its answer, and leaves no timer or listener', async () => {
    let signal: AbortSignal | undefined;
    const { renewer, applied, browser } = renewerFor(server, {
      source: async (context) => {
        signal = context.signal;
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        return jwtFor('doc-1', 300);
      },
    });
    renewer.adopt(jwtFor('doc-1', 300));
    const outcome = settle(renewer.renew('manual'));
    await vi.advanceTimersByTimeAsync(10);
    renewer.dispose();
    await vi.advanceTimersByTimeAsync(2_000);
    expect(signal?.aborted).toBe(true);
    expect(outcome.error).toBeInstanceOf(SessionUnloadedError);
    expect(applied).toEqual([]);
    expect(vi.getTimerCount()).toBe(0);
    expect(browser.listenerCount()).toBe(0);
    await expect(renewer.renew('manual')).rejects.toBeInstanceOf(SessionUnloadedError);
    renewer.dispose(); // idempotent
  });
});
