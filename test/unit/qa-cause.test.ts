// The QA page's one-line cause of a failed checklist scenario (demo/app/checklist/cause.ts), read
// from the library's events and the stand-in's log: each known-bad behaviour gets its own line, and
// no missing time ever throws. The e2e (demo-checklist.test.ts) checks the same four in Chromium.
import { describe, expect, it } from 'vitest';
import type { SessionEvent } from '../../src/index';
import type { RequestEntry } from '../../demo/app/admin-api';
import { causeOf, type CauseInput } from '../../demo/app/checklist/cause';
import { SessionEndedError, RefreshHttpError, RefreshNetworkError } from '../../src/errors/errors';

const T = 1_700_000_000_000;
let seq = 0;
const request = (at: number, fields: Partial<RequestEntry>): RequestEntry =>
  ({ seq: ++seq, time: T + at, server: 'engine', method: 'GET', path: '/x', status: 200, kind: 'tile', ms: 1, ...fields }) as RequestEntry;
const event = (at: number, e: Partial<SessionEvent> & { type: SessionEvent['type'] }) => ({ at: T + at, event: e as SessionEvent });
const renewed = (at: number, fields: Record<string, unknown> = {}) =>
  event(at, { type: 'renewed', reason: 'manual', attempts: 1, durationMs: 5, method: 'setSession', source: 'this-tab', expiresAt: T + at + 12_000, renewAt: T + at + 9_000, ...fields } as never);

function input(fields: Partial<CauseInput>): CauseInput {
  return { events: [], requests: [], nextLoadAfter: () => Infinity, now: T + 30_000, ...fields };
}

describe('causeOf', () => {
  it('names a 503 that was not retried', () => {
    const error = new RefreshHttpError(503);
    expect(causeOf(input({ events: [event(10, { type: 'error', reason: 'manual', error, fatal: false } as never)] })))
      .toMatch(/^HTTP 503 was not retried: the manual renewal gave up after its first attempt \(refresh-http\)$/);
  });

  it('names a 401 from the token endpoint that was retried instead of ending', () => {
    const retry = event(20, { type: 'retrying', reason: 'manual', attempt: 1, delayMs: 500, status: undefined, error: new RefreshNetworkError('x'), timeLeftMs: 1 } as never);
    const requests = [request(10, { server: 'control', kind: 'token', status: 401 }), request(600, { server: 'control', kind: 'token', status: 401 })];
    expect(causeOf(input({ events: [retry], requests }))).toBe("the token endpoint's 401 was retried (1 retry, 1 more token request) instead of ending the session");
    // With the end it should have had, a 401 explains nothing by itself.
    const ended = event(30, { type: 'ended', reason: 'manual', error: new SessionEndedError(401) } as never);
    expect(causeOf(input({ events: [ended], requests: requests.slice(0, 1) }))).toMatch(/^the session ended during a manual renewal/);
  });

  it('names a renewal whose token never reached the engine, but not a reload\'s /auth', () => {
    const requests = [request(100, { kind: 'tile', status: 200 })];
    expect(causeOf(input({ events: [renewed(0)], requests }))).toMatch(/^setSession was never called: the library renewed \(manual\) at .*, but no \/auth with the new token reached the engine$/);
    // The /auth of a reload 8 s later carries the load's token: still the same cause.
    const reloadAuth = request(8_000, { kind: 'auth', method: 'POST', status: 200, session: 's9' });
    expect(causeOf(input({ events: [renewed(0)], requests: [...requests, reloadAuth], nextLoadAfter: () => T + 7_000 })))
      .toMatch(/^setSession was never called: .*\(the viewer was reloaded afterwards\)$/);
    // Its own /auth 200 settles it.
    const own = request(20, { kind: 'auth', method: 'POST', status: 200, session: 's2' });
    expect(causeOf(input({ events: [renewed(0)], requests: [...requests, own], now: T + 6_000 }))).toBeUndefined();
  });

  it('names a proactive renewal that was never planned, with no time to format (no RangeError)', () => {
    const own = request(20, { kind: 'auth', method: 'POST', status: 200 });
    expect(causeOf(input({ events: [renewed(0, { renewAt: undefined, expiresAt: undefined })], requests: [own] })))
      .toBe(`no proactive renewal was planned: the manual renewal at ${new Date(T).toTimeString().slice(0, 8)}${String(T % 1000).padStart(4, '.000').slice(-4)} came without a renew-at time`);
    expect(causeOf(input({ events: [renewed(0, { renewAt: T + 9_000 })], requests: [own] }))).toMatch(/^no proactive renewal: its time \(.*\) passed without one; the token expired at /);
  });

  it('says nothing when the events show nothing amiss', () => {
    const own = request(20, { kind: 'auth', method: 'POST', status: 200 });
    expect(causeOf(input({ events: [renewed(0), renewed(9_000, { reason: 'proactive' }), event(8_990, { type: 'renewing', reason: 'proactive' } as never)], requests: [own, request(9_010, { kind: 'auth', method: 'POST', status: 200 })], now: T + 10_000 }))).toBeUndefined();
  });
});
