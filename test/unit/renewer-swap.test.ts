// A viewer without setSession takes a token by a swap that settles later: the renewal stays in
// flight until then, reports method 'swap', and a failed or cancelled swap never commits the token.
import { describe, expect, it, vi } from 'vitest';
import { SessionUnloadedError, SetSessionError } from '../../src/errors/errors.js';
import { SessionEvents, type SessionEvent } from '../../src/session/events.js';
import { resolveRenewalOptions } from '../../src/policy/options.js';
import type { RenewalMethod } from '../../src/session/events.js';
import { newRenewer, settle, useFakeTokenWorld } from '../support/renewer-harness.js';
import { tokenEndpoint } from '../support/token-endpoint.js';
import { browserEnvironment } from '../../src/session/environment.js';
import { fakeBrowser } from '../support/fake-browser.js';
import { jwtFor } from '../support/jwt.js';
import type { HandOverToken } from '../../src/session/renewer.js';

const server = useFakeTokenWorld();

/** A renewer whose viewer takes each token by a swap that the test finishes (or fails) by hand. */
function swappingRenewer() {
  const endpoint = tokenEndpoint();
  server.use(endpoint.handler);
  const events = new SessionEvents();
  const seen: SessionEvent[] = [];
  events.subscribe((event) => seen.push(event));
  const swaps: { jwt: string; signal: AbortSignal; token: HandOverToken | undefined; finish: () => void; fail: (error: unknown) => void }[] = [];
  const browser = fakeBrowser();
  const renewer = newRenewer({
    events,
    env: browserEnvironment(browser.globals),
    options: resolveRenewalOptions(),
    apply: (jwt, signal, token) =>
      new Promise<RenewalMethod>((resolve, reject) => {
        swaps.push({ jwt, signal, token, finish: () => resolve('swap'), fail: reject });
        signal.addEventListener('abort', () => reject(signal.reason), { once: true });
      }),
  });
  return { renewer, endpoint, browser, seen, swaps, renewed: () => seen.filter((event) => event.type === 'renewed') };
}

describe('renewal by swap', () => {
  it('stays in flight until the new viewer has the token: triggers meanwhile join it, then one renewed event says swap', async () => {
    const { renewer, endpoint, swaps, renewed } = swappingRenewer();
    const first = settle(renewer.renew('manual'));
    await vi.advanceTimersByTimeAsync(0);
    expect(swaps).toHaveLength(1);
    expect(renewer.state).toBe('renewing');
    const joined = settle(renewer.renew('wake'));
    await vi.advanceTimersByTimeAsync(5_000); // a swap takes seconds
    expect(endpoint.issued()).toBe(1);
    expect(renewed()).toEqual([]);
    expect(renewer.token).toBeUndefined(); // not committed before the swap
    swaps[0]!.finish();
    await vi.advanceTimersByTimeAsync(0);
    expect(first).toEqual({ done: true, value: undefined });
    expect(joined).toEqual({ done: true, value: undefined });
    expect(renewed()).toMatchObject([{ reason: 'manual', method: 'swap', source: 'this-tab' }]);
    expect(renewer.token?.jwt).toBe(swaps[0]!.jwt);
    expect(renewer.state).toBe('active');
  });

  // Rule swap-fresh-token: the swap asks for a fresh token when it would load with one run out; the renewal keeps that one.
  it('a swap that fetched a fresh token for its load (its token ran out meanwhile) ends with the fresh one committed and shared', async () => {
    const { renewer, endpoint, swaps, renewed } = swappingRenewer();
    const outcome = settle(renewer.renew('manual'));
    await vi.advanceTimersByTimeAsync(0);
    const { jwt, token } = swaps[0]!;
    expect(token?.expiresAt).toBeGreaterThan(Date.now());
    let fresh: { jwt: string; expiresAt: number | undefined } | undefined;
    void token!.refresh().then((got) => (fresh = got));
    await vi.advanceTimersByTimeAsync(0);
    expect(endpoint.issued()).toBe(2); // one renewal, two requests
    expect(fresh?.jwt).toBeDefined();
    expect(fresh!.jwt).not.toBe(jwt);
    expect(renewer.state).toBe('renewing');
    swaps[0]!.finish();
    await vi.advanceTimersByTimeAsync(0);
    expect(outcome.error).toBeUndefined();
    expect(renewer.token?.jwt).toBe(fresh!.jwt); // the token the new viewer has
    expect(renewer.expiresAt).toBe(fresh!.expiresAt);
    expect(renewed()).toHaveLength(1);
  });

  // Rule plan-retry-swap. Issue 22's stall: a swap that failed after the old token ran out ("Token has expired" at the
  // old viewer's save) left the session with nothing planned (plan-too-late), and an old SDK has no onAuthFailed.
  it('a swap that failed after the token ran out is tried again after the cooldown, with nobody asking', async () => {
    const { renewer, endpoint, swaps } = swappingRenewer();
    renewer.allowForHandOver(5_000); // what the session gives a swap before one was measured
    void settle(renewer.renew('manual'));
    await vi.advanceTimersByTimeAsync(0);
    swaps[0]!.finish();
    await vi.advanceTimersByTimeAsync(0);
    const expiresAt = renewer.expiresAt!;
    await vi.advanceTimersByTimeAsync(expiresAt - Date.now() - 1_000); // the proactive renewal's swap is under way
    expect(swaps).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(2_000); // the old token ran out meanwhile
    swaps[1]!.fail(new TypeError('PSPDFKitSaveError: Some changes could not be synced to backend'));
    await vi.advanceTimersByTimeAsync(0);
    const issued = endpoint.issued();
    await vi.advanceTimersByTimeAsync(2_500);
    expect(endpoint.issued()).toBe(issued + 1);
    expect(swaps).toHaveLength(3);
    swaps[2]!.finish();
    await vi.advanceTimersByTimeAsync(0);
    expect(renewer.expiresAt).toBeGreaterThan(Date.now());
  });

  it('a failed swap is an error event; the token is not taken and a later renewal tries again', async () => {
    const { renewer, endpoint, swaps, seen, renewed } = swappingRenewer();
    const outcome = settle(renewer.renew('manual'));
    await vi.advanceTimersByTimeAsync(0);
    swaps[0]!.fail(new TypeError('load() rejected'));
    await vi.advanceTimersByTimeAsync(0);
    expect(outcome.error).toBeInstanceOf(SetSessionError);
    expect(seen.filter((event) => event.type === 'error')).toMatchObject([{ fatal: false }]);
    expect(renewed()).toEqual([]);
    expect(renewer.token).toBeUndefined();
    await vi.advanceTimersByTimeAsync(60_000);
    const again = settle(renewer.renew('manual'));
    await vi.advanceTimersByTimeAsync(0);
    expect(endpoint.issued()).toBe(2);
    swaps[1]!.finish();
    await vi.advanceTimersByTimeAsync(0);
    expect(again.error).toBeUndefined();
    expect(renewed()).toHaveLength(1);
  });

  it('unload during a swap cancels it: the swap sees the abort, nothing is reported as renewed', async () => {
    const { renewer, swaps, renewed } = swappingRenewer();
    const outcome = settle(renewer.renew('manual'));
    await vi.advanceTimersByTimeAsync(0);
    renewer.dispose();
    await vi.advanceTimersByTimeAsync(0);
    expect(swaps[0]!.signal.aborted).toBe(true);
    expect(outcome.error).toBeInstanceOf(SessionUnloadedError);
    expect(renewed()).toEqual([]);
  });

  it('after a sleep that outlived the token, swaps at once on wake', async () => {
    const { renewer, browser, swaps, renewed } = swappingRenewer();
    renewer.adopt(jwtFor('doc-1', 300));
    vi.setSystemTime(Date.now() + 20 * 60_000); // the lid was closed for 20 minutes: no timer ran
    browser.show();
    await vi.advanceTimersByTimeAsync(0);
    expect(swaps).toHaveLength(1);
    swaps[0]!.finish();
    await vi.advanceTimersByTimeAsync(0);
    expect(renewed()).toMatchObject([{ reason: 'wake', method: 'swap' }]);
    expect(renewer.state).toBe('active');
  });

  it('renews earlier by the time a swap takes, at most by the usual margin again', () => {
    const { renewer } = swappingRenewer();
    renewer.adopt(jwtFor('doc-1', 600)); // 10 minutes: the usual margin is 60 s
    const usual = renewer.expiresAt! - renewer.renewAt!;
    renewer.allowForHandOver(5_000);
    expect(renewer.expiresAt! - renewer.renewAt!).toBe(usual + 5_000);
    renewer.allowForHandOver(10 * 60_000); // a pathological swap time cannot make renewal run back to back
    expect(renewer.expiresAt! - renewer.renewAt!).toBe(2 * usual);
  });
});
