// Issue 19: why a session renewed, waited, failed or ended. Every policy decision makes one log
// entry with its rule and plain words; `debug` sends them to the console or a function (off by
// default: nothing is written); diagnose() names a Retry-After hold and the next attempt mid-outage.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SessionLog } from '../../src/diagnostics/session-log.js';
import type { LogEntry } from '../../src/diagnostics/log-entry.js';
import { reasonOf } from '../../src/policy/decision-reasons.js';
import { jwtFor } from '../support/jwt.js';
import { renewerFor, useFakeTokenWorld } from '../support/renewer-harness.js';
import { status } from '../support/token-endpoint.js';

const server = useFakeTokenWorld();
const MINUTE = 60_000;

function withLog(debug?: ConstructorParameters<typeof SessionLog>[0], track?: boolean) {
  const entries: LogEntry[] = [];
  const log = new SessionLog(debug ?? ((entry) => entries.push(entry)), track);
  return { log, entries, rules: () => entries.map((entry) => entry.rule).filter(Boolean) };
}

afterEach(() => vi.restoreAllMocks());

describe('the session log', () => {
  it('is off by default: nothing reaches the console, and diagnose() still has the decisions', async () => {
    const writes = (['debug', 'info', 'warn', 'error', 'log'] as const).map((level) => vi.spyOn(console, level).mockImplementation(() => {}));
    const { renewer } = renewerFor(server);
    await renewer.renew('auth-failed');
    for (const write of writes) expect(write).not.toHaveBeenCalled();
    const recent = renewer.diagnose({ sdkVersion: undefined, handOver: undefined }).recent;
    expect(recent.filter((entry) => entry.what === 'decision')).toMatchObject([{ rule: 'viewer-needs-token', action: 'ask', trigger: 'auth-failed' }]);
    expect(recent.some((entry) => entry.what === 'renewed')).toBe(true);
  });

  it('debug: true writes each entry to the console at its level, rule first', async () => {
    const info = vi.spyOn(console, 'info').mockImplementation(() => {});
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    vi.spyOn(console, 'debug').mockImplementation(() => {});
    const { renewer, endpoint } = renewerFor(server, { log: new SessionLog(true) });
    endpoint.answerNext(status(503));
    const renewal = renewer.renew('auth-failed');
    await vi.advanceTimersByTimeAsync(2_000);
    await renewal;
    expect(info).toHaveBeenCalledWith('[nutrient-viewer-session]', `viewer-needs-token: ${reasonOf('viewer-needs-token')}`, expect.objectContaining({ rule: 'viewer-needs-token' }));
    expect(warn).toHaveBeenCalledWith('[nutrient-viewer-session]', `retry-backoff: ${reasonOf('retry-backoff')}`, expect.objectContaining({ attempt: 1, status: 503 }));
  });

  it('gives a function one entry per decision, with the rule that made it', async () => {
    const { log, rules } = withLog();
    const { renewer, endpoint } = renewerFor(server, { log });
    endpoint.answerNext(status(503, { 'retry-after': '3' }), status(401));
    const first = renewer.renew('auth-failed').catch(() => {});
    await vi.advanceTimersByTimeAsync(5_000);
    await first;
    await renewer.renew('auth-failed').catch(() => {}); // within the cooldown: the same failure, no request
    expect(rules()).toEqual(['viewer-needs-token', 'retry-after', 'not-retryable', 'ended-unauthorized', 'signed-out']);
    expect(endpoint.issued()).toBe(2);
  });

  it('says why a trigger got no request: the cooldown after a failure', async () => {
    const { log, rules } = withLog();
    const { renewer, endpoint } = renewerFor(server, { log, renewal: { retries: 0 } });
    endpoint.answerNext(status(500));
    await renewer.renew('auth-failed').catch(() => {});
    await renewer.renew('auth-failed').catch(() => {});
    expect(rules()).toEqual(['viewer-needs-token', 'retries-used', 'cooldown']);
  });

  it('a renewed entry says when the next renewal is due and which rule set it', async () => {
    const { log, entries } = withLog();
    const { renewer } = renewerFor(server, { log });
    await renewer.renew('auth-failed');
    const renewed = entries.find((entry) => entry.what === 'renewed')!;
    expect(renewed).toMatchObject({ nextRenewalRule: 'plan-margin', trigger: 'auth-failed', tab: 'alone' });
    // Whole-second server times are read as late as they allow: renewal a second early, never late.
    expect(renewed.nextRenewalInMs).toBeGreaterThan(4 * MINUTE - 1_000);
    expect(renewed.nextRenewalInMs).toBeLessThanOrEqual(4 * MINUTE);
    expect(renewed.reason).toMatch(/next renewal in 2(39|40) s/);
  });

  it('a failed entry says when the next try is and which rule moved it', async () => {
    const { log, entries } = withLog();
    const { renewer, endpoint } = renewerFor(server, { log });
    renewer.adopt(jwtFor('doc-1', 300));
    endpoint.answerNext(status(400));
    await vi.advanceTimersByTimeAsync(4 * MINUTE);
    const failed = entries.find((entry) => entry.what === 'failed')!;
    expect(failed).toMatchObject({ trigger: 'proactive', code: 'refresh-http', status: 400, nextRenewalRule: 'plan-retry-half' });
    expect(failed.nextRenewalInMs).toBe(30_000); // half the minute left
    expect(entries.filter((entry) => entry.rule === 'not-retryable')).toHaveLength(1);
  });

  it('a sink that throws does not stop renewal', async () => {
    let thrown = false;
    const sink = () => {
      if (thrown) return;
      thrown = true;
      throw new Error('broken logger');
    };
    const errors: unknown[] = [];
    const original = globalThis.queueMicrotask;
    vi.stubGlobal('queueMicrotask', (task: () => void) => original(() => { try { task(); } catch (error) { errors.push(error); } }));
    const { renewer, applied } = renewerFor(server, { log: new SessionLog(sink) });
    await renewer.renew('auth-failed');
    await vi.advanceTimersByTimeAsync(0);
    vi.unstubAllGlobals();
    expect(applied).toHaveLength(1);
    expect(renewer.state).toBe('active');
    expect(errors).toMatchObject([{ message: 'broken logger' }]); // the app still hears of it, later
  });

  it('notes sleeps and wake-ups, and renews at once after a sleep past expiry', async () => {
    const { log, entries } = withLog();
    const { renewer, browser } = renewerFor(server, { log });
    renewer.adopt(jwtFor('doc-1', 300));
    browser.hide();
    vi.setSystemTime(Date.now() + 10 * MINUTE); // the machine slept: the wall clock jumped, the monotonic one did not
    browser.show();
    await vi.advanceTimersByTimeAsync(0);
    expect(entries.map((entry) => entry.what)).toEqual(expect.arrayContaining(['wake', 'sleep']));
    expect(entries.find((entry) => entry.what === 'sleep')!.durationMs).toBeGreaterThanOrEqual(10 * MINUTE);
    const decisions = entries.filter((entry) => entry.what === 'decision');
    expect(decisions).toMatchObject([{ rule: 'woke-expired', action: 'renew', trigger: 'wake' }, { rule: 'woke', action: 'ask', trigger: 'wake' }]);
    const clock = renewer.diagnose({ sdkVersion: undefined, handOver: undefined }).clock;
    expect(clock).toMatchObject({ sleeps: 1, wakes: 1, lastWake: { cause: 'visible' } });
  });
});

describe('diagnose()', () => {
  it('during an outage names the Retry-After hold and when the next attempt goes', async () => {
    const { renewer, endpoint } = renewerFor(server, { endpoint: { date: 'always' } });
    renewer.adopt(jwtFor('doc-1', 300));
    endpoint.answerNext(status(503, { 'retry-after': '20' }));
    await vi.advanceTimersByTimeAsync(4 * MINUTE + 1_000); // the proactive renewal's first attempt failed
    const during = renewer.diagnose({ sdkVersion: '1.22.0', handOver: 'setSession' });
    expect(during.state).toBe('renewing');
    expect(during.renewal).toMatchObject({ trigger: 'proactive', failedAttempts: 1, lastStatus: 503, waiting: 'retry-after' });
    expect(during.retryAfterHold!.inMs).toBe(19_000);
    expect(during.renewal!.nextAttemptInMs).toBeGreaterThanOrEqual(19_000);
    expect(during.recent.at(-1)).toMatchObject({ rule: 'retry-after', attempt: 1, status: 503 });
    await vi.advanceTimersByTimeAsync(25_000);
    const after = renewer.diagnose({ sdkVersion: '1.22.0', handOver: 'setSession' });
    expect(after).toMatchObject({ state: 'active', renewal: undefined, retryAfterHold: undefined, failuresInARow: 0 });
    expect(after.nextRenewal).toMatchObject({ rule: 'plan-margin', reason: reasonOf('plan-margin') });
    expect(after.token).toMatchObject({ source: 'this-tab', skewMs: expect.any(Number), refusedByViewer: false });
  });

  it('reads the token by the server clock: its time left and the measured skew', async () => {
    const { renewer } = renewerFor(server, { endpoint: { date: 'always', skewMs: 90_000 } });
    await renewer.renew('initial');
    const { token } = renewer.diagnose({ sdkVersion: undefined, handOver: undefined });
    expect(token!.skewMs).toBeGreaterThan(89_000);
    expect(token!.skewMs).toBeLessThanOrEqual(90_000);
    expect(token!.serverRemainingMs).toBeGreaterThan(299_000);
  });

  it('after a failed renewal with Retry-After, names the hold that keeps the next renewal back', async () => {
    const { renewer, endpoint } = renewerFor(server, { renewal: { retries: 0 } });
    renewer.adopt(jwtFor('doc-1', 300));
    endpoint.answerNext(status(429, { 'retry-after': '30' }));
    await renewer.renew('auth-failed').catch(() => {});
    const held = renewer.diagnose({ sdkVersion: undefined, handOver: undefined });
    expect(held.retryAfterHold!.inMs).toBe(30_000);
    expect(held.failuresInARow).toBe(1);
    expect(held.lastError).toMatchObject({ code: 'refresh-http', status: 429 });
    expect(held.nextRenewal.rule).toBe('plan-margin'); // the planned renewal is later than the hold
    expect(held.recent.find((entry) => entry.what === 'failed')).toMatchObject({ code: 'refresh-http', status: 429, nextRenewalRule: 'plan-margin' });
  });
});

describe('the performance track', () => {
  it('puts request, check and hand-over on the "Viewer session" track when on, and nothing when off', async () => {
    const measure = vi.spyOn(performance, 'measure').mockImplementation(() => undefined as never);
    const off = renewerFor(server);
    await off.renewer.renew('auth-failed');
    expect(measure).not.toHaveBeenCalled();
    const { renewer } = renewerFor(server, { log: new SessionLog(false, true) });
    await renewer.renew('auth-failed');
    expect(measure.mock.calls.map(([name]) => name)).toEqual(['Token request', 'Token check', 'Hand-over']);
    for (const [, options] of measure.mock.calls) {
      expect(options).toMatchObject({ start: expect.any(Number), end: expect.any(Number), detail: { devtools: { dataType: 'track-entry', track: 'Viewer session' } } });
    }
  });

  it('never throws where measure() does not take options', async () => {
    vi.spyOn(performance, 'measure').mockImplementation(() => {
      throw new TypeError('Failed to execute measure: the mark does not exist');
    });
    const { renewer, applied } = renewerFor(server, { log: new SessionLog(false, true) });
    await renewer.renew('auth-failed');
    expect(applied).toHaveLength(1);
  });
});
