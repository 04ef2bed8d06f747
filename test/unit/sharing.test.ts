import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { browserEnvironment } from '../../src/session/environment.js';
import { ConfigurationError } from '../../src/errors/errors.js';
import { SessionEvents, type SessionEvent } from '../../src/session/events.js';
import type { SharingOptions } from '../../src/sharing/token-sharing.js';
import { fakeBrowser } from '../support/fake-browser.js';
import { decodeJwtClaims } from '../support/jwt.js';
import { memoryChannels } from '../support/memory-channel.js';
import { newRenewer, T0, useFakeTokenWorld } from '../support/renewer-harness.js';
import { status, tokenEndpoint } from '../support/token-endpoint.js';

const server = useFakeTokenWorld();
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const runs = { numRuns: 15, ...(process.env.CI ? { seed: 20261129 } : {}) };

/** `count` tabs of one user on one document, sharing through an in-memory channel. */
function tabs(count: number, { sharing = {} as Partial<SharingOptions> | false, hidden = [] as number[] } = {}) {
  const endpoint = tokenEndpoint({ date: 'always' });
  server.use(endpoint.handler);
  const channels = memoryChannels();
  const all = Array.from({ length: count }, (_, i) => {
    const browser = fakeBrowser();
    if (hidden.includes(i)) browser.document.visibilityState = 'hidden';
    const events = new SessionEvents();
    const seen: SessionEvent[] = [];
    events.subscribe((e) => seen.push(e));
    const applied: string[] = [];
    const renewer = newRenewer({
      env: browserEnvironment(browser.globals),
      events,
      apply: (jwt) => { applied.push(jwt); },
      sharing: sharing === false ? undefined : { scope: 'user-1', channel: channels.factory, ...sharing },
      sharingKey: 'http://engine.test/|doc-1',
    });
    return { renewer, seen, applied, browser };
  });
  /** True when every live tab's viewer holds a token that is valid now (the engine would accept it). */
  const allValid = () =>
    all.every(({ renewer, applied }) => renewer.state === 'unloaded' || decodeJwtClaims(applied.at(-1))!.exp! * 1000 > Date.now());
  return { endpoint, channels, all, allValid };
}

async function startAll(world: ReturnType<typeof tabs>) {
  for (const tab of world.all) await tab.renewer.renew('initial');
}

async function runFor(world: ReturnType<typeof tabs>, ms: number, stepMs = 5_000) {
  for (let t = 0; t < ms; t += stepMs) {
    await vi.advanceTimersByTimeAsync(stepMs);
    expect(world.allValid()).toBe(true);
  }
}

describe('sharing tokens between tabs', () => {
  it('5 tabs on 5-minute tokens for 8 hours make as many token requests as one tab, with no auth failure', async () => {
    const one = tabs(1);
    await startAll(one);
    await runFor(one, 8 * HOUR, 10_000);
    const alone = one.endpoint.issued();
    one.all.forEach((t) => t.renewer.dispose());

    const five = tabs(5, { hidden: [0, 2] });
    await startAll(five); // each tab loads on its own: 5 first tokens
    await runFor(five, 8 * HOUR, 10_000);
    expect(alone).toBe(1 + 120);
    expect(five.endpoint.issued()).toBe(5 + 120);
    const sources = five.all.flatMap((t) => t.seen).filter((e) => e.type === 'renewed').map((e) => e.source);
    expect(sources.filter((s) => s === 'other-tab').length).toBeGreaterThanOrEqual(4 * 119);
    // A visible tab renews: the hidden ones (0 and 2) wait their turn.
    const renewedHere = (i: number) => five.all[i]!.seen.filter((e) => e.type === 'renewed' && e.source === 'this-tab' && e.reason === 'proactive').length;
    expect(renewedHere(0) + renewedHere(2)).toBe(0);
  }, 60_000);

  it('killing the renewing tab at any moment costs no auth failure', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 20 * MINUTE }), async (killAt) => {
        vi.setSystemTime(T0);
        const world = tabs(3);
        await startAll(world);
        await runFor(world, killAt, 1_000 + (killAt % 4_000));
        const renewing = world.all.find((t) => t.renewer.state === 'renewing') ?? world.all[0]!;
        renewing.renewer.dispose(); // the tab is closed, mid-renewal or not
        await runFor(world, 20 * MINUTE, 2_500);
        world.all.forEach((t) => t.renewer.dispose());
        server.resetHandlers();
      }),
      runs,
    );
  }, 120_000);

  it('a frozen channel (nothing delivered) degrades to each tab alone, with no auth failure', async () => {
    const world = tabs(3);
    world.channels.freeze();
    await startAll(world);
    await runFor(world, HOUR);
    expect(world.endpoint.issued()).toBe(3 * (1 + 15)); // a renewal every 4 minutes each
  });

  it('one tab\'s 401 ends the session in every tab within 1 s, each once, with no more requests', async () => {
    const world = tabs(4);
    await startAll(world);
    world.endpoint.answerNext(status(401));
    await world.all[1]!.renewer.renew('auth-failed').catch(() => {});
    await vi.advanceTimersByTimeAsync(1_000);
    for (const tab of world.all) {
      expect(tab.renewer.state).toBe('ended');
      expect(tab.seen.filter((e) => e.type === 'ended')).toHaveLength(1);
    }
    const requests = world.endpoint.issued();
    await runFor({ ...world, allValid: () => true }, HOUR);
    expect(world.endpoint.issued()).toBe(requests);
  });

  it('the app\'s own sign-out reaches every tab', async () => {
    const world = tabs(3);
    await startAll(world);
    world.all[2]!.renewer.signOut();
    await vi.advanceTimersByTimeAsync(0);
    for (const tab of world.all) {
      expect(tab.renewer.state).toBe('ended');
      expect(tab.renewer.lastError).toMatchObject({ name: 'SessionEndedError', reason: 'signed-out' });
    }
  });

  it('shares nothing across scopes or documents, and nothing without a scope', async () => {
    const a = tabs(1, { sharing: { scope: 'user-a' } });
    const b = tabs(1, { sharing: { scope: 'user-b' } });
    await startAll(a);
    await startAll(b);
    await vi.advanceTimersByTimeAsync(2_000);
    await a.all[0]!.renewer.renew('manual');
    const other = tabs(1, { sharing: { scope: 'user-a' } }); // same user, but its own key below
    expect(other.all[0]!.applied).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(0);
    expect(b.all[0]!.applied).toHaveLength(1);
    expect(() => tabs(1, { sharing: { scope: '' } })).toThrow(ConfigurationError);
  });

  it('keeps token text out of every event and error message (the channel carries it, nothing else)', async () => {
    const world = tabs(3);
    await startAll(world);
    await runFor(world, HOUR);
    const tokens = world.all.flatMap((t) => t.applied);
    const logged = JSON.stringify(world.all.flatMap((t) => t.seen), (_, v: unknown) => (v instanceof Error ? { name: v.name, message: v.message } : v));
    for (const token of tokens) expect(logged).not.toContain(token.split('.')[1]);
    expect(world.channels.sent.some((m) => JSON.stringify(m).includes(tokens.at(-1)!.split('.')[1]!))).toBe(true);
  });

  it('a missing BroadcastChannel leaves each tab alone, as before', async () => {
    const world = tabs(2, { sharing: { channel: () => undefined as never } });
    await startAll(world);
    await runFor(world, 30 * MINUTE);
    expect(world.endpoint.issued()).toBe(2 * (1 + 7));
  });
});

describe('sharing through loadViewer', () => {
  it('two viewers of one user share one token request per lifetime, and the app\'s signOut ends both', async () => {
    const { viewerWorld } = await import('../support/viewer-harness.js');
    const world = viewerWorld(server, { date: 'always' });
    const channels = memoryChannels();
    const sharing = { scope: 'user-1', channel: channels.factory };
    const first = await world.load({ container: '#one', sharing });
    const second = await world.load({ container: '#two', sharing });
    expect(world.endpoint.issued()).toBe(2);
    await vi.advanceTimersByTimeAsync(4 * MINUTE + 5_000);
    expect(world.endpoint.issued()).toBe(3);
    expect(first.instance.setSessionCalls.at(-1)).toBe(second.instance.setSessionCalls.at(-1));
    second.signOut();
    await vi.advanceTimersByTimeAsync(0);
    expect([first.state, second.state]).toEqual(['ended', 'ended']);
  });
});
