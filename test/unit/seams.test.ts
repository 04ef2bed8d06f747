// Issue 16: defects where two features meet, each through the public API (loadViewer,
// createViewerSession) with fake timers. Each of these failed on the main before the policy moved
// into renewal-policy.ts. The swap cases (old SDKs) are in seams-swap.test.ts.
import { describe, expect, it, vi } from 'vitest';
import { RenewalLoopError } from '../../src/errors/errors.js';
import { browserEnvironment } from '../../src/session/environment.js';
import type { SessionEvent } from '../../src/session/events.js';
import { createViewerSession } from '../../src/session/session.js';
import { fakeBrowser } from '../support/fake-browser.js';
import { jwtFor, makeJwt } from '../support/jwt.js';
import { memoryChannels } from '../support/memory-channel.js';
import { settle, T0, useFakeTokenWorld } from '../support/renewer-harness.js';
import { status } from '../support/token-endpoint.js';
import { viewerWorld } from '../support/viewer-harness.js';

const server = useFakeTokenWorld();
const MINUTE = 60_000;

/** A viewer that takes tokens: what `attach` needs of an instance. */
const fakeViewer = () => {
  const tokens: string[] = [];
  return { tokens, setSession: (jwt: string) => void tokens.push(jwt) };
};

/** A session on `documentId` attached to a fake viewer, refreshing through `refresh`, sharing on `channel`. */
async function attachedSession(
  documentId: string,
  refresh: () => Promise<{ jwt: string }>,
  channel?: ReturnType<typeof memoryChannels>,
) {
  const events: SessionEvent[] = [];
  const session = createViewerSession({
    documentId,
    refresh,
    environment: browserEnvironment(fakeBrowser().globals),
    onEvent: (event) => events.push(event),
    ...(channel && { sharing: { scope: 'user-1', channel: channel.factory } }),
  });
  const viewer = fakeViewer();
  await session.loadConfiguration();
  session.attach(viewer as never);
  return { session, viewer, events };
}

describe('16.1 Retry-After: 0 never makes renewal hammer the endpoint', () => {
  it("keeps to the backoff in the token's last minutes", async () => {
    const world = viewerWorld(server, { date: 'always', iat: 'always' });
    await world.load();
    const before = world.endpoint.issued();
    world.endpoint.answerNext(...Array.from({ length: 5_000 }, () => status(503, { 'retry-after': '0' })));
    await vi.advanceTimersByTimeAsync(5 * MINUTE);
    const requests = world.endpoint.issued() - before;
    // Backoff alone (500 ms doubling to 5 s) over the last minute gives about 15; it was over 1,000.
    expect(requests).toBeGreaterThan(5);
    expect(requests).toBeLessThan(40);
  });
});

describe("16.3 onAuthFailed never waits behind the app's spaced-out renew()", () => {
  it('answers the viewer within seconds once the endpoint is back, with renew() called from every error', async () => {
    const world = viewerWorld(server, { date: 'always', iat: 'always' });
    const session = await world.load();
    session.on('error', () => void session.renew().catch(() => {})); // as the README suggests
    world.endpoint.answerNext(...Array.from({ length: 5_000 }, () => status(503)));
    await vi.advanceTimersByTimeAsync(10 * MINUTE); // a long outage: the spacing has grown to its cap
    let failedAgain = false;
    session.on('error', () => void (failedAgain = true)); // after the app's listener, which has renew()ed again
    while (!failedAgain) await vi.advanceTimersByTimeAsync(100);
    world.endpoint.recover(); // right as the app's next renew() waits out its spacing
    const request = settle(session.instance.request()); // the token expired meanwhile: 401, onAuthFailed
    await vi.advanceTimersByTimeAsync(3_000);
    expect(request.done && !request.error).toBe(true);
  });
});

describe('16.4 a 403 for one document does not end the others', () => {
  it("ends only that document's sessions; a 401 ends the user's every session", async () => {
    const channel = memoryChannels();
    const answers: Record<string, number> = {};
    const refresh = (documentId: string) => async () => {
      const code = answers[documentId];
      if (code) throw Object.assign(new Error(`HTTP ${code}`), { status: code });
      return { jwt: jwtFor(documentId, 300) };
    };
    const one = await attachedSession('doc-1', refresh('doc-1'), channel);
    const two = await attachedSession('doc-2', refresh('doc-2'), channel);
    const twoAgain = await attachedSession('doc-2', refresh('doc-2'), channel);
    answers['doc-2'] = 403;
    await two.session.renew().catch(() => {});
    await vi.advanceTimersByTimeAsync(10);
    expect(two.session.state).toBe('ended');
    expect(twoAgain.session.state).toBe('ended');
    expect(one.session.state).toBe('active');
    answers['doc-1'] = 401;
    const three = await attachedSession('doc-3', refresh('doc-3'), channel);
    await one.session.renew().catch(() => {});
    await vi.advanceTimersByTimeAsync(10);
    expect([one.session.state, three.session.state]).toEqual(['ended', 'ended']);
  });
});

describe('16.6 and 16.7 what another tab may send', () => {
  it("an editor never applies a read-only tab's token for the same document", async () => {
    const channel = memoryChannels();
    let minted = 0;
    const token = (permissions: string[]) => async () => ({
      jwt: makeJwt({ document_id: 'doc-1', permissions, iat: Math.floor(Date.now() / 1000), exp: Math.floor(Date.now() / 1000) + 300, jti: `${++minted}` }),
    });
    const editor = await attachedSession('doc-1', token(['read-document', 'write']), channel);
    await vi.advanceTimersByTimeAsync(2_000);
    const preview = await attachedSession('doc-1', token(['read-document']), channel);
    await preview.session.renew();
    await vi.advanceTimersByTimeAsync(10);
    expect(preview.viewer.tokens).toHaveLength(1);
    expect(editor.viewer.tokens).toEqual([]); // nothing from the preview (its first token came with load)
  });

  it("plans another tab's token from its own expiry, whatever time left the message claims", async () => {
    const channel = memoryChannels();
    const tab = await attachedSession('doc-1', async () => ({ jwt: jwtFor('doc-1', 300) }), channel);
    await vi.advanceTimersByTimeAsync(60_000);
    const noIat = jwtFor('doc-1', 300, Date.now(), { iat: false }); // nothing caps the claimed time left but exp
    const forged = { v: 1, kind: 'token', tab: 'zzz', key: '|doc-1', jwt: noIat, remainingMs: 240 * 60 * MINUTE, reason: 'proactive' };
    channel.factory('nutrient-viewer-session:user-1')!.postMessage(forged);
    await vi.advanceTimersByTimeAsync(10);
    expect(tab.viewer.tokens).toHaveLength(1); // taken: it is a valid, newer token
    expect(tab.session.expiresAt).toBeLessThanOrEqual(Date.now() + 5 * MINUTE);
    expect(tab.session.renewAt).toBeLessThan(Date.now() + 5 * MINUTE);
  });
});

describe('16.12 manual renewals are bounded too', () => {
  it('an app that calls renew() on every renewed event is stopped, loudly, and asks far less than 1,000 times an hour', async () => {
    const world = viewerWorld(server, { date: 'always', iat: 'always' });
    const session = await world.load();
    session.on('renewed', () => void session.renew().catch(() => {}));
    session.on('error', () => void session.renew().catch(() => {}));
    const before = world.endpoint.issued();
    await session.renew();
    await vi.advanceTimersByTimeAsync(60 * MINUTE);
    const perHour = world.endpoint.issued() - before;
    if (process.env.SHOW_FIGURES) console.log(`manual loop: ${perHour} requests in an hour`);
    expect(perHour).toBeLessThan(200);
    expect(world.ofType('error').some((e) => e.fatal && e.error instanceof RenewalLoopError)).toBe(true);
  });
});

describe('16.13 signal cancels the load, nothing else', () => {
  it('aborting after loadViewer resolved leaves the session and its viewer running', async () => {
    const world = viewerWorld(server, { date: 'always', iat: 'always' });
    const controller = new AbortController();
    const session = await world.load({ signal: controller.signal });
    controller.abort(); // as AbortSignal.timeout() used as a load timeout does, later
    expect(session.state).toBe('active');
    expect(session.instance.unloaded).toBe(false);
    await vi.advanceTimersByTimeAsync(5 * MINUTE);
    expect(world.ofType('renewed').length).toBeGreaterThan(0);
  });
});

void T0;
