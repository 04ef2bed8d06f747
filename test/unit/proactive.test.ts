import { HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { jwtFor } from '../support/jwt.js';
import { renewerFor, T0, useFakeTokenWorld } from '../support/renewer-harness.js';
import { status } from '../support/token-endpoint.js';

const server = useFakeTokenWorld();
const MINUTE = 60_000;

describe('proactive renewal', () => {
  it('renews a 5-minute token 60 s before expiry, every 4 minutes', async () => {
    const { renewer, endpoint, applied, ofType } = renewerFor(server);
    renewer.adopt(jwtFor('doc-1', 300));
    await vi.advanceTimersByTimeAsync(4 * MINUTE - 1);
    expect(endpoint.issued()).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(endpoint.issued()).toBe(1);
    await vi.advanceTimersByTimeAsync(60 * MINUTE - 4 * MINUTE);
    expect(endpoint.issued()).toBe(15);
    expect(applied).toHaveLength(15);
    expect(new Set(ofType('renewing').map((e) => e.reason))).toEqual(new Set(['proactive']));
  });

  it('reads whole-second server times so that the planned expiry is never later than the real one', async () => {
    vi.setSystemTime(T0 + 900); // 0.9 s into a second: Date header and iat both say T0
    const { renewer, ofType } = renewerFor(server);
    await renewer.renew('initial');
    expect(ofType('renewed')[0]!.expiresAt).toBeLessThanOrEqual(T0 + 300_000);
    expect(ofType('renewed')[0]!.expiresAt).toBeGreaterThan(T0 + 299_000);
  });

  it('can be turned off: no renewal by timer or wake-up, no renewAt, and the state still tells the expiry', async () => {
    const { renewer, endpoint, browser } = renewerFor(server, { renewal: { proactive: false } });
    renewer.adopt(jwtFor('doc-1', 300));
    expect(renewer.renewAt).toBeUndefined();
    await vi.advanceTimersByTimeAsync(4 * MINUTE + 30_000);
    browser.show();
    expect(renewer.state).toBe('active');
    await vi.advanceTimersByTimeAsync(30_000);
    expect(renewer.state).toBe('expired'); // at the moment of expiry, with no attempt at all
    browser.show();
    await vi.advanceTimersByTimeAsync(60 * MINUTE);
    expect(endpoint.issued()).toBe(0);
  });

  it('keeps retrying a failed proactive renewal, silently, while the token is still valid', async () => {
    const { renewer, endpoint, ofType } = renewerFor(server);
    renewer.adopt(jwtFor('doc-1', 300));
    endpoint.answerNext(...Array.from({ length: 6 }, () => status(503)));
    await vi.advanceTimersByTimeAsync(4 * MINUTE + 40_000);
    expect(ofType('retrying').length).toBeGreaterThanOrEqual(6);
    expect(ofType('error')).toHaveLength(0);
    expect(ofType('renewed')).toMatchObject([{ reason: 'proactive', attempts: 7 }]);
    expect(renewer.state).toBe('active');
  });

  it('reports a proactive failure as non-fatal only when no time is left before expiry', async () => {
    const { renewer, endpoint, ofType } = renewerFor(server);
    renewer.adopt(jwtFor('doc-1', 300));
    endpoint.answerNext(...Array.from({ length: 100 }, () => status(503)));
    await vi.advanceTimersByTimeAsync(5 * MINUTE - 1_500); // the last attempt leaves minAttemptMs (1 s)
    expect(ofType('error')).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(ofType('error')).toMatchObject([{ reason: 'proactive', fatal: false }]);
    expect(renewer.state).toBe('expired');
  });

  it('renews at once when the page wakes after sleeping past the renewal time', async () => {
    const { renewer, endpoint, browser, ofType } = renewerFor(server);
    renewer.adopt(jwtFor('doc-1', 300));
    browser.hide();
    vi.setSystemTime(T0 + 3 * 60 * MINUTE); // three hours of sleep: no timer ran
    expect(endpoint.issued()).toBe(0);
    browser.show();
    await vi.advanceTimersByTimeAsync(0);
    expect(endpoint.issued()).toBe(1);
    expect(ofType('renewed')).toMatchObject([{ reason: 'wake' }]);
  });

  it('re-arms on a wake-up before the renewal time: a timer that slept fires late by the sleep', async () => {
    const { renewer, endpoint, browser } = renewerFor(server);
    renewer.adopt(jwtFor('doc-1', 300));
    await vi.advanceTimersByTimeAsync(MINUTE);
    browser.hide();
    vi.setSystemTime(Date.now() + 2 * MINUTE); // asleep: the pending timer is now 2 minutes late
    browser.show(); // at 3:00, renewal is due at 4:00
    await vi.advanceTimersByTimeAsync(0);
    expect(endpoint.issued()).toBe(0);
    await vi.advanceTimersByTimeAsync(MINUTE);
    expect(endpoint.issued()).toBe(1); // at 4:00 by the wall clock, before the 5:00 expiry
  });

  it('ignores wake-ups while the token is not due, and acts on the first one that finds it due', async () => {
    const { renewer, endpoint, browser } = renewerFor(server);
    renewer.adopt(jwtFor('doc-1', 300));
    browser.show();
    browser.window.dispatchEvent(new Event('focus'));
    await vi.advanceTimersByTimeAsync(0);
    expect(endpoint.issued()).toBe(0);
    vi.setSystemTime(Date.now() + 4 * MINUTE + 30_000); // asleep past renewAt: no timer ran
    browser.window.dispatchEvent(new Event('focus'));
    await vi.advanceTimersByTimeAsync(0);
    expect(endpoint.issued()).toBe(1);
  });

  it('renews on the first user input after a sleep that no wake event announced, in the input itself', async () => {
    const { renewer, endpoint, browser, ofType } = renewerFor(server);
    renewer.adopt(jwtFor('doc-1', 300));
    vi.setSystemTime(Date.now() + 3 * 60 * MINUTE); // three hours of sleep: no timer ran, no page event came
    await vi.advanceTimersByTimeAsync(0);
    expect(endpoint.issued()).toBe(0);
    browser.window.dispatchEvent(new Event('pointermove')); // the user's hand on the mouse, before any click or scroll
    expect(ofType('renewing')).toMatchObject([{ reason: 'wake' }]); // decided synchronously, within the input's task
    await vi.advanceTimersByTimeAsync(0);
    expect(endpoint.issued()).toBe(1);
    expect(ofType('renewed')).toMatchObject([{ reason: 'wake' }]);
  });

  it('wakes no timer while idle: one timer per token, none in between (no periodic clock check)', async () => {
    const { renewer, endpoint } = renewerFor(server);
    renewer.adopt(jwtFor('doc-1', 600));
    const armed = vi.spyOn(globalThis, 'setTimeout');
    try {
      await vi.advanceTimersByTimeAsync(9 * MINUTE - 1); // renewal is due 60 s before the 10-minute expiry
      expect(armed).not.toHaveBeenCalled();
      await vi.advanceTimersByTimeAsync(1);
      expect(endpoint.issued()).toBe(1);
    } finally {
      armed.mockRestore();
    }
  });

  it('offline, tries a due renewal once, then waits for online without spending attempts', async () => {
    const { renewer, endpoint, browser } = renewerFor(server);
    renewer.adopt(jwtFor('doc-1', 300));
    browser.goOffline();
    endpoint.answerNext(() => HttpResponse.error());
    await vi.advanceTimersByTimeAsync(4 * MINUTE + 10_000);
    expect(endpoint.issued()).toBe(1);
    browser.goOnline();
    await vi.advanceTimersByTimeAsync(0);
    expect(endpoint.issued()).toBe(2);
    expect(renewer.state).toBe('active');
  });

  it.each([
    ['10 minutes ahead', 10 * MINUTE],
    ['10 minutes behind', -10 * MINUTE],
  ])('with the client clock %s, neither loops nor lets the token expire', async (_, clientAhead) => {
    const { renewer, endpoint, ofType } = renewerFor(server, { endpoint: { skewMs: -clientAhead, iat: 'always' } }); // skewed clocks need one server reading: iat
    await renewer.renew('initial');
    await vi.advanceTimersByTimeAsync(60 * MINUTE);
    expect(endpoint.issued()).toBe(1 + 15);
    expect(ofType('error')).toHaveLength(0);
    for (const renewed of ofType('renewed')) expect(renewed.expiresAt! - renewed.renewAt!).toBe(MINUTE);
  });

  it('with the client clock ahead and no Date header, trusts a fresh token by its iat', async () => {
    const { renewer, applied, ofType } = renewerFor(server, {
      source: async () => jwtFor('doc-1', 300, Date.now() - 10 * MINUTE),
    });
    await renewer.renew('initial');
    await vi.advanceTimersByTimeAsync(60 * MINUTE);
    expect(applied).toHaveLength(16);
    expect(ofType('error')).toHaveLength(0);
  });
});
