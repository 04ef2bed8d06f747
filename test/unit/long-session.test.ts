import { HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { jwtFor } from '../support/jwt.js';
import { T0, useFakeTokenWorld } from '../support/renewer-harness.js';
import { status } from '../support/token-endpoint.js';
import { viewerWorld } from '../support/viewer-harness.js';

const server = useFakeTokenWorld();
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** A user who does something that needs the server every minute. */
async function useViewerFor(ms: number, request: () => Promise<void>) {
  for (let t = 0; t < ms; t += MINUTE) {
    await vi.advanceTimersByTimeAsync(MINUTE);
    await request();
  }
}

describe('long sessions', () => {
  it('keeps an 8-hour session on 5-minute tokens alive with exactly 120 renewals and no auth failure', async () => {
    const world = viewerWorld(server);
    const session = await world.load({ jwt: jwtFor('doc-1', 300) });
    await useViewerFor(8 * HOUR, () => session.instance.request());
    expect(world.endpoint.issued()).toBe(120); // every 4 minutes: 60 s before each 5-minute expiry
    expect(session.instance.setSessionCalls).toHaveLength(120);
    expect(world.engine.authFailures).toBe(0);
    expect(session.instance.onAuthFailedCalls).toBe(0);
    expect(new Set(world.ofType('renewed').map((e) => e.reason))).toEqual(new Set(['proactive']));
  });

  it('renews at once when a laptop wakes from sleep, before the viewer meets an expired session', async () => {
    const world = viewerWorld(server);
    const session = await world.load({ jwt: jwtFor('doc-1', 300) });
    world.browser.hide();
    vi.setSystemTime(Date.now() + 2 * HOUR); // asleep: no timer ran
    world.browser.show();
    await vi.advanceTimersByTimeAsync(0);
    expect(world.ofType('renewed')).toMatchObject([{ reason: 'wake' }]);
    await session.instance.request();
    expect(world.engine.authFailures).toBe(0);
    expect(session.instance.onAuthFailedCalls).toBe(0);
  });

  it.each([
    ['ahead', 10 * MINUTE],
    ['behind', -10 * MINUTE],
  ])('with the client clock 10 minutes %s: no loop, no expiry', async (_, clientAhead) => {
    vi.setSystemTime(T0 + clientAhead);
    const world = viewerWorld(server, { skewMs: -clientAhead, iat: 'always' }); // skewed clocks need one server reading
    const session = await world.load();
    await useViewerFor(2 * HOUR, () => session.instance.request());
    expect(world.endpoint.issued()).toBe(1 + 30);
    expect(world.engine.authFailures).toBe(0);
    expect(world.ofType('error')).toHaveLength(0);
  });

  it('recovers through onAuthFailed when proactive renewal failed until expiry', async () => {
    const world = viewerWorld(server);
    const session = await world.load({ jwt: jwtFor('doc-1', 300) });
    world.endpoint.answerNext(...Array.from({ length: 200 }, () => status(503)));
    await vi.advanceTimersByTimeAsync(5 * MINUTE + 5_000);
    expect(session.state).toBe('expired');
    world.endpoint.recover();
    await vi.advanceTimersByTimeAsync(MINUTE);
    const request = session.instance.request();
    await vi.advanceTimersByTimeAsync(0);
    await expect(request).resolves.toBeUndefined();
    expect(session.instance.onAuthFailedCalls).toBe(1);
    expect(session.state).toBe('active');
  });
});

describe('unload', () => {
  it('leaves no timer, no listener, and a late answer never reaches setSession', async () => {
    const world = viewerWorld(server);
    let release!: () => void;
    const session = await world.load({ jwt: jwtFor('doc-1', 300) });
    // The late answer is a valid, newer token: only the unload can keep it from the viewer.
    const late = () => HttpResponse.json({ jwt: jwtFor('doc-1', 600) });
    world.endpoint.answerNext(() => new Promise((resolve) => (release = () => resolve(late()))));
    const renewing = session.renew().catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(0);
    session.unload();
    session.unload();
    release?.();
    expect(await renewing).toMatchObject({ name: 'SessionUnloadedError' });
    await vi.advanceTimersByTimeAsync(HOUR);
    expect(session.instance.setSessionCalls).toHaveLength(0);
    expect(session.instance.unloaded).toBe(true);
    expect(session.state).toBe('unloaded');
    expect(vi.getTimerCount()).toBe(0);
    expect(world.browser.listenerCount()).toBe(0);
  });
});

describe('no token text anywhere', () => {
  it('keeps every token out of events and errors across renewals and failures', async () => {
    const world = viewerWorld(server, { renewal: { proactive: true } });
    const tokens = new Set<string>();
    const session = await world.load({ jwt: jwtFor('doc-1', 300) });
    const record = (jwt: string) => tokens.add(jwt);
    session.instance.setSessionCalls.forEach(record);
    world.endpoint.answerNext(status(503), status(429, { 'retry-after': '1' }), status(400));
    await vi.advanceTimersByTimeAsync(30 * MINUTE);
    session.instance.setSessionCalls.forEach(record);
    const seen = JSON.stringify(world.events, (_, value: unknown) =>
      value instanceof Error ? { name: value.name, message: value.message, cause: String(value.cause) } : value);
    expect(tokens.size).toBeGreaterThan(3);
    for (const token of tokens) {
      for (const part of token.split('.')) expect(seen).not.toContain(part);
    }
  });
});
