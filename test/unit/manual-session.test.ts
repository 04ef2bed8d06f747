import { describe, expect, it, vi } from 'vitest';
import { browserEnvironment } from '../../src/session/environment.js';
import type { SessionEvent } from '../../src/session/events.js';
import { LoadAbortedError } from '../../src/errors/load-errors.js';
import { createViewerSession } from '../../src/session/session.js';
import { fakeBrowser } from '../support/fake-browser.js';
import { createFakeSdk, FakeEngine, type FakeInstance } from '../support/fake-sdk.js';
import { useFakeTokenWorld } from '../support/renewer-harness.js';
import { TOKEN_URL, tokenEndpoint } from '../support/token-endpoint.js';

const server = useFakeTokenWorld();
const MINUTE = 60_000;

/** An app that calls NutrientViewer.load itself (an Angular service, say) with the fake SDK. */
function byoWorld({ lifetimeSec = 300, loadDelayMs = 0 } = {}) {
  const engine = new FakeEngine({ documentId: 'doc-1' });
  const sdk = createFakeSdk(engine, { loadDelayMs });
  const endpoint = tokenEndpoint({ documentId: 'doc-1', lifetimeSec });
  server.use(endpoint.handler);
  const browser = fakeBrowser();
  const events: SessionEvent[] = [];
  const create = (signal?: AbortSignal) =>
    createViewerSession<FakeInstance>({
      documentId: 'doc-1',
      refresh: TOKEN_URL,
      environment: browserEnvironment(browser.globals),
      onEvent: (event) => events.push(event),
      signal,
    });
  const appLoad = async (config: object) =>
    sdk.load({ container: '#viewer', serverUrl: 'http://engine.test/', documentId: 'doc-1', instant: false, ...config });
  return { engine, sdk, endpoint, browser, events, create, appLoad };
}

describe('bring your own load', () => {
  it('gives authPayload and onAuthFailed for the app\'s own load(), then renews the attached viewer', async () => {
    const world = byoWorld({ lifetimeSec: 120 });
    const session = world.create();
    const config = await session.loadConfiguration();
    expect(Object.keys(config).sort()).toEqual(['authPayload', 'onAuthFailed']);
    const instance = await world.appLoad(config);
    session.attach(instance, { sdk: world.sdk, container: '#viewer' });
    expect(session.instance).toBe(instance);
    expect(world.endpoint.issued()).toBe(1);
    await vi.advanceTimersByTimeAsync(2 * MINUTE);
    expect(instance.setSessionCalls.length).toBeGreaterThanOrEqual(1);
    expect(world.events.some((event) => event.type === 'renewed' && event.reason === 'proactive')).toBe(true);
    // The SDK's own onAuthFailed path works through the configuration the app spread in.
    world.engine.expireSessions();
    await expect(instance.request()).resolves.toBeUndefined();
    expect(world.engine.authFailures).toBeGreaterThan(0);
  });

  it('hands the viewer a token that arrived while the app was loading it', async () => {
    const world = byoWorld();
    const session = world.create();
    const config = await session.loadConfiguration();
    await session.renew(); // a renewal lands during the app's load()
    const instance = await world.appLoad(config);
    session.attach(instance);
    expect(instance.setSessionCalls).toHaveLength(1);
  });

  it('unload() stops renewal and unloads the viewer when attach() was given the SDK', async () => {
    const world = byoWorld({ lifetimeSec: 120 });
    const session = world.create();
    const instance = await world.appLoad(await session.loadConfiguration());
    session.attach(instance, { sdk: world.sdk });
    session.unload();
    expect(instance.unloaded).toBe(true);
    expect(session.state).toBe('unloaded');
    await vi.advanceTimersByTimeAsync(10 * MINUTE);
    expect(world.endpoint.issued()).toBe(1);
    expect(vi.getTimerCount()).toBe(0);
    expect(world.browser.listenerCount()).toBe(0);
  });

  it('with a signal aborted during the app\'s load(): attach() unloads the viewer and throws LoadAbortedError', async () => {
    const world = byoWorld({ loadDelayMs: 1_000 });
    const controller = new AbortController();
    const session = world.create(controller.signal);
    const loading = world.appLoad(await session.loadConfiguration());
    controller.abort();
    await vi.advanceTimersByTimeAsync(1_000);
    const instance = await loading;
    expect(() => session.attach(instance, { sdk: world.sdk })).toThrow(LoadAbortedError);
    expect(instance.unloaded).toBe(true);
    expect(instance.setSessionCalls).toHaveLength(0);
  });

  it('refuses a second attach: one session per viewer', async () => {
    const world = byoWorld();
    const session = world.create();
    const instance = await world.appLoad(await session.loadConfiguration());
    session.attach(instance);
    expect(() => session.attach(instance)).toThrow(/one session per viewer/);
  });
});
