// Issue 8's numbered behaviours, one test (or more) each. Every one failed on the main before the fix.
import { HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import {
  InvalidTokenError,
  RefreshFunctionError,
  RefreshHttpError,
  SessionEndedError,
  SetSessionError,
  TokenNotExtendedError,
} from '../../src/errors/errors.js';
import { browserEnvironment } from '../../src/session/environment.js';
import { fakeBrowser } from '../support/fake-browser.js';
import { jwtFor } from '../support/jwt.js';
import { newRenewer, renewerFor, settle, useFakeTokenWorld } from '../support/renewer-harness.js';
import { hang, status } from '../support/token-endpoint.js';

const server = useFakeTokenWorld();
const MINUTE = 60_000;
const html = () => HttpResponse.html('<html>sign in</html>');

describe('1. a failed renewal never disables proactive renewal', () => {
  it.each([
    ['an HTML login page', [html], 20],
    ['HTTP 400', [status(400)], 20],
    ['a run of 503 that exhausts the retries', Array.from({ length: 9 }, () => status(503)), 120],
  ])('after a manual renewal that failed with %s early in the token life, renews before expiry', async (_, answers, lifetimeSec) => {
    const { renewer, endpoint, ofType } = renewerFor(server, { endpoint: { lifetimeSec } });
    await renewer.renew('manual');
    endpoint.answerNext(...answers);
    const failed = settle(renewer.renew('manual'));
    await vi.advanceTimersByTimeAsync(lifetimeSec === 20 ? 2_500 : 30_000);
    expect(failed.error).toBeDefined();
    const proactiveBefore = ofType('renewed').filter((e) => e.reason === 'proactive').length;
    await vi.advanceTimersByTimeAsync(lifetimeSec * 1000);
    expect(ofType('renewed').filter((e) => e.reason === 'proactive').length).toBeGreaterThan(proactiveBefore);
    expect(renewer.state).toBe('active');
  });
});

describe('2. the state tells the truth', () => {
  it('turns expired at the moment of expiry when no renewal succeeded', async () => {
    const { renewer, endpoint } = renewerFor(server);
    renewer.adopt(jwtFor('doc-1', 300));
    endpoint.answerNext(...Array.from({ length: 500 }, () => status(400)));
    await vi.advanceTimersByTimeAsync(5 * MINUTE - 1_000);
    expect(renewer.state).toBe('active');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(renewer.state).toBe('expired');
  });

  it('reports no renewAt once the session ended', async () => {
    const { renewer, endpoint } = renewerFor(server);
    await renewer.renew('initial');
    expect(renewer.renewAt).toBeGreaterThan(Date.now());
    endpoint.answerNext(status(401));
    await renewer.renew('auth-failed').catch(() => {});
    expect(renewer.renewAt).toBeUndefined();
  });

  it('stays starting, not active, until the viewer has loaded', async () => {
    const renewer = newRenewer({ source: async () => jwtFor('doc-1', 300), viewerReady: false });
    await renewer.renew('initial');
    expect(renewer.state).toBe('starting');
    renewer.markViewerReady();
    expect(renewer.state).toBe('active');
    renewer.dispose();
  });
});

describe('3. navigator.onLine === false is a hint', () => {
  it('gets a token in a browser that says offline from the start while the network works', async () => {
    const { renewer, endpoint } = renewerFor(server);
    const lone = newRenewer({ env: browserEnvironment(fakeBrowser({ online: false }).globals) });
    await lone.renew('initial');
    expect(endpoint.issued()).toBe(1);
    lone.dispose();
    renewer.dispose();
  });
});

describe('4. no server clock, no problem', () => {
  it('takes a fresh token without iat from a server 10 minutes behind (no Date), instead of rejecting it forever', async () => {
    const serverBehind = () => Date.now() - 10 * MINUTE;
    const { renewer, applied, ofType } = renewerFor(server, {
      source: async () => jwtFor('doc-1', 300, serverBehind(), { iat: false }),
    });
    await renewer.renew('initial');
    expect(applied).toHaveLength(1);
    expect(ofType('renewed')[0]).toMatchObject({ expiresAt: undefined, renewAt: undefined });
  });

  it('plans exactly from the serverNow a refresh function returns', async () => {
    const serverBehind = () => Date.now() - 10 * MINUTE;
    const { renewer } = renewerFor(server, {
      source: async () => ({ jwt: jwtFor('doc-1', 300, serverBehind(), { iat: false }), serverNow: serverBehind() }),
    });
    await renewer.renew('initial');
    expect(renewer.expiresAt! - Date.now()).toBeGreaterThan(298_000);
    expect(renewer.expiresAt! - Date.now()).toBeLessThanOrEqual(300_000);
  });

  it('plans a cached token (issued 4 minutes ago, 60 s left, no Date) from what is left', async () => {
    const { renewer } = renewerFor(server, { source: async () => jwtFor('doc-1', 300, Date.now() - 4 * MINUTE) });
    await renewer.renew('initial');
    expect(renewer.expiresAt! - Date.now()).toBeLessThanOrEqual(60_000);
    expect(renewer.renewAt! - Date.now()).toBeLessThan(60_000);
  });
});

describe('5. a login redirect means logged out', () => {
  it('ends the session once on a 302, and asks no more', async () => {
    const { renewer, endpoint, ofType, browser } = renewerFor(server);
    await renewer.renew('initial');
    endpoint.answerNext(() => new HttpResponse(null, { status: 302, headers: { location: '/login' } }));
    await expect(renewer.renew('auth-failed')).rejects.toMatchObject({ name: 'SessionEndedError', reason: 'redirect' });
    for (let i = 0; i < 5; i++) {
      await vi.advanceTimersByTimeAsync(MINUTE);
      browser.show();
      await renewer.renew('auth-failed').catch(() => {});
    }
    expect(renewer.state).toBe('ended');
    expect(ofType('ended')).toHaveLength(1);
    expect(endpoint.issued()).toBe(2);
  });
});

describe('6. no unbounded loops, whoever triggers', () => {
  it.each([
    ['ended', 401],
    ['error', 400],
  ] as const)('an app that calls renew() in every %s listener against HTTP %i is spaced out', async (type, code) => {
    const { renewer, endpoint, events } = renewerFor(server);
    endpoint.answerNext(...Array.from({ length: 1_000 }, () => status(code)));
    events.on(type, () => void renewer.renew('manual').catch(() => {}));
    await renewer.renew('manual').catch(() => {});
    await vi.advanceTimersByTimeAsync(0);
    expect(endpoint.issued()).toBe(1); // no request with no time passing
    await vi.advanceTimersByTimeAsync(10 * MINUTE);
    // Spacing doubles from 2 s up to 60 s: 2+4+8+16+32 s, then one a minute.
    expect(endpoint.issued()).toBeLessThanOrEqual(16);
  });

  it('1,000 renew() calls against a function that fails at once make one request and block nothing', async () => {
    let calls = 0;
    const { renewer } = renewerFor(server, {
      source: async () => {
        calls++;
        throw new RefreshHttpError(400);
      },
    });
    await renewer.renew('manual').catch(() => {});
    const all = Array.from({ length: 1_000 }, () => renewer.renew('manual').catch(() => {}));
    await vi.advanceTimersByTimeAsync(0);
    expect(calls).toBe(1);
    await vi.advanceTimersByTimeAsync(2_000);
    await Promise.all(all);
    expect(calls).toBe(2);
  });

  it('the loop breaker counts failures, not only successes', async () => {
    const { renewer, endpoint } = renewerFor(server, { renewal: { failureCooldownMs: 0 } });
    endpoint.answerNext(...Array.from({ length: 100 }, () => status(400)));
    for (let i = 0; i < 20; i++) await renewer.renew('auth-failed').catch(() => {});
    expect(endpoint.issued()).toBe(10);
    expect(renewer.state).toBe('stopped');
  });
});

describe('7. the loop breaker speaks', () => {
  it('proactive triggers that hit it produce one fatal error, lastError and the state stopped', async () => {
    const { renewer, ofType } = renewerFor(server, { renewal: { minIntervalMs: 1, earlyRatio: 0.99 }, endpoint: { lifetimeSec: 2 } });
    await renewer.renew('initial');
    await vi.advanceTimersByTimeAsync(30_000);
    expect(renewer.state).toBe('stopped');
    expect(renewer.lastError?.name).toBe('RenewalLoopError');
    expect(ofType('error').filter((e) => e.fatal)).toHaveLength(1);
  });
});

describe('8. a backend that serves the same token again', () => {
  it('does not apply it, says so once, and backs off until expiry', async () => {
    const { renewer, endpoint, applied, ofType } = renewerFor(server);
    const pinned = jwtFor('doc-1', 300);
    endpoint.answerNext(...Array.from({ length: 100 }, () => () => HttpResponse.json({ jwt: pinned })));
    await renewer.renew('initial');
    await vi.advanceTimersByTimeAsync(5 * MINUTE - 1_000);
    expect(applied).toEqual([pinned]);
    expect(endpoint.issued()).toBe(2); // the first, and one proactive try at renewAt
    expect(ofType('error').map((e) => e.error)).toEqual([expect.any(TokenNotExtendedError)]);
  });
});

describe('9. Retry-After is respected across renewals', () => {
  it('a 503 with Retry-After 120 is not followed 3 s later by another request (capped at 60 s)', async () => {
    const { renewer, endpoint } = renewerFor(server);
    await renewer.renew('initial');
    endpoint.answerNext(status(503, { 'retry-after': '120' }));
    await renewer.renew('auth-failed').catch(() => {});
    await vi.advanceTimersByTimeAsync(3_000);
    await expect(renewer.renew('auth-failed')).rejects.toMatchObject({ status: 503 });
    expect(endpoint.issued()).toBe(2);
    await vi.advanceTimersByTimeAsync(57_000);
    await renewer.renew('auth-failed');
    expect(endpoint.issued()).toBe(3);
  });
});

describe('10. clocks that move', () => {
  it('a wall clock set back one hour does not delay renewal by an hour', async () => {
    const { renewer, ofType, endpoint } = renewerFor(server);
    renewer.adopt(jwtFor('doc-1', 300));
    await vi.advanceTimersByTimeAsync(MINUTE);
    vi.setSystemTime(Date.now() - 60 * MINUTE);
    endpoint.state.skewMs += 60 * MINUTE; // only this browser's clock moved
    await vi.advanceTimersByTimeAsync(3 * MINUTE + 1_000);
    expect(ofType('renewed').map((e) => e.reason)).toEqual(['proactive']);
  });

  it('a sleep without any wake event is noticed at the user\'s first input, before the token expires', async () => {
    const { renewer, ofType, browser } = renewerFor(server);
    renewer.adopt(jwtFor('doc-1', 300));
    await vi.advanceTimersByTimeAsync(3 * MINUTE + 40_000);
    vi.setSystemTime(Date.now() + 60_000); // slept a minute past renewAt; timers did not run, no event came
    await vi.advanceTimersByTimeAsync(10_000);
    expect(ofType('renewed')).toEqual([]); // no periodic clock check: nothing runs while idle
    browser.window.dispatchEvent(new Event('keydown'));
    await vi.advanceTimersByTimeAsync(0);
    expect(ofType('renewed').map((e) => e.reason)).toEqual(['wake']);
    expect(renewer.state).toBe('active');
  });

  it('with checkIntervalMs set, a sleep without any event or input is noticed within one check', async () => {
    const { renewer, ofType } = renewerFor(server, { renewal: { checkIntervalMs: 10_000 } });
    renewer.adopt(jwtFor('doc-1', 300));
    await vi.advanceTimersByTimeAsync(3 * MINUTE + 40_000);
    vi.setSystemTime(Date.now() + 60_000);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(ofType('renewed').map((e) => e.reason)).toEqual(['proactive']);
    expect(renewer.state).toBe('active');
  });
});

describe('12. smaller truths', () => {
  it('a setSession that throws is reported and the token is not taken as the viewer\'s', async () => {
    const { renewer } = renewerFor(server);
    await renewer.renew('initial');
    const before = renewer.token;
    const throwing = newRenewer({
      apply: () => {
        throw new TypeError('instance is gone');
      },
    });
    await expect(throwing.renew('initial')).rejects.toBeInstanceOf(SetSessionError);
    expect(throwing.token).toBeUndefined();
    expect(before).toBeDefined();
    throwing.dispose();
  });

  it('a bug in the refresh function is the app\'s error and is not retried', async () => {
    let calls = 0;
    const { renewer, ofType } = renewerFor(server, {
      source: async () => {
        calls++;
        return (undefined as unknown as { jwt: string }).jwt;
      },
    });
    await expect(renewer.renew('auth-failed')).rejects.toBeInstanceOf(RefreshFunctionError);
    expect(calls).toBe(1);
    expect(ofType('retrying')).toHaveLength(0);
  });

  it('an exp given in milliseconds is rejected with a typed reason', async () => {
    const { renewer } = renewerFor(server, {
      source: async () => jwtFor('doc-1', 0).replace(/\.[^.]+\./, `.${Buffer.from(JSON.stringify({ document_id: 'doc-1', exp: Date.now() + 300_000 })).toString('base64url')}.`),
    });
    await expect(renewer.renew('initial')).rejects.toMatchObject({ name: 'InvalidTokenError', reason: 'implausible-expiry' });
    expect(InvalidTokenError).toBeDefined();
  });

  it('an error the refresh function throws travels in events as name, message and status only', async () => {
    const clientError = Object.assign(new Error('boom'), { name: 'HTTPError', response: { status: 401 }, request: { headers: { cookie: 'secret' } } });
    const { renewer, ofType } = renewerFor(server, { source: async () => { throw clientError; } });
    await renewer.renew('auth-failed').catch(() => {});
    const reported = ofType('error')[0]!.error;
    expect(reported).toBeInstanceOf(SessionEndedError);
    expect(JSON.stringify(reported.cause, (_, v: unknown) => (v instanceof Error ? { ...v, message: v.message, cause: v.cause } : v))).not.toContain('secret');
  });
});

describe('idle cost', () => {
  it('a renewal in flight after a wake with an expired token does not spin the timer', async () => {
    const { renewer, endpoint, browser } = renewerFor(server);
    renewer.adopt(jwtFor('doc-1', 300));
    endpoint.answerNext(hang, hang, hang);
    vi.setSystemTime(Date.now() + 10 * MINUTE); // slept past the expiry
    browser.show();
    const timers = vi.spyOn(globalThis, 'setTimeout');
    await vi.advanceTimersByTimeAsync(5_000);
    expect(renewer.state).toBe('renewing');
    expect(timers.mock.calls.length).toBeLessThan(20);
    timers.mockRestore();
  });

  it('a refused trigger during the cooldown does not spin the timer until the cooldown ends', async () => {
    const { renewer, endpoint } = renewerFor(server, { endpoint: { lifetimeSec: 20 } });
    await renewer.renew('manual');
    await vi.advanceTimersByTimeAsync(14_000);
    endpoint.answerNext(status(400));
    await renewer.renew('manual').catch(() => {}); // fails 1 s before renewAt: the cooldown runs past it
    const timers = vi.spyOn(globalThis, 'setTimeout');
    await vi.advanceTimersByTimeAsync(3_000);
    expect(timers.mock.calls.length).toBeLessThan(20);
    timers.mockRestore();
  });
});

describe('a sleep in the middle of a renewal', () => {
  it('tries once more at once on waking, with no wake event, before the viewer needs the token', async () => {
    const { renewer, endpoint, ofType } = renewerFor(server);
    renewer.adopt(jwtFor('doc-1', 300));
    endpoint.answerNext(hang); // the proactive request is in flight when the lid closes
    await vi.advanceTimersByTimeAsync(4 * MINUTE + 1_000);
    expect(renewer.state).toBe('renewing');
    vi.setSystemTime(Date.now() + 10 * MINUTE); // asleep: the token expired meanwhile
    await vi.advanceTimersByTimeAsync(15_000);
    expect(ofType('renewed').map((e) => e.reason)).toEqual(['proactive']);
    expect(renewer.state).toBe('active');
    expect(endpoint.issued()).toBe(2);
  });
});

describe('a token that expires sooner', () => {
  it('is taken when the app asked for it with renew(), never from a timer', async () => {
    const { renewer, applied, ofType } = renewerFor(server, {
      source: async ({ reason }) => jwtFor('doc-1', reason === 'initial' ? 300 : 60),
    });
    await renewer.renew('initial');
    await vi.advanceTimersByTimeAsync(10_000);
    await renewer.renew('manual'); // e.g. the backend now issues shorter tokens: the app's own request
    expect(applied).toHaveLength(2);
    expect(ofType('renewed').map((e) => e.reason)).toEqual(['initial', 'manual']);
  });
});
