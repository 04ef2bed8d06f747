// @vitest-environment happy-dom
// Issue 16: where tab sharing meets the swap for SDKs without setSession, through loadViewer with
// a fake old SDK (it loads slowly, refuses a used container, draws later). Both failed on the main
// before the policy decided when another tab's token is handed over.
import { describe, expect, it, vi } from 'vitest';
import { browserEnvironment } from '../../src/session/environment.js';
import { loadViewer } from '../../src/viewer/load-viewer.js';
import { fakeBrowser } from '../support/fake-browser.js';
import { createFakeOldSdk, type FakeOldInstance } from '../support/fake-old-sdk.js';
import { jwtFor } from '../support/jwt.js';
import { memoryChannels } from '../support/memory-channel.js';
import { useFakeTokenWorld } from '../support/renewer-harness.js';
import { TOKEN_URL, tokenEndpoint } from '../support/token-endpoint.js';

const server = useFakeTokenWorld();
// A visible page draws a frame every 16 ms: on the fake clock, like everything else here.
window.requestAnimationFrame = (draw) => setTimeout(() => draw(performance.now()), 16) as unknown as number;
const MINUTE = 60_000;

/** The app's token endpoint, healthy and with every clock reading (Date, iat). */
function healthyEndpoint() {
  const endpoint = tokenEndpoint({ date: 'always', iat: 'always' });
  server.use(endpoint.handler);
  return endpoint;
}

/** One tab on an old SDK: its own container, SDK and browser; the channel is shared. */
async function oldSdkTab(channels: ReturnType<typeof memoryChannels> | undefined, renewal: { method?: 'swap' | 'reload' } = {}) {
  const container = document.createElement('div');
  document.body.append(container);
  const sdk = createFakeOldSdk();
  const loading = loadViewer<FakeOldInstance>({
    container,
    serverUrl: 'http://engine.test/',
    documentId: 'doc-1',
    refresh: TOKEN_URL,
    sdk: sdk as never,
    environment: browserEnvironment(fakeBrowser().globals),
    renewal,
    ...(channels && { sharing: { scope: 'user-1', channel: channels.factory } }),
  });
  await vi.advanceTimersByTimeAsync(2_000);
  const session = await loading;
  const live = () => sdk.instances.filter((instance) => !instance.unloaded);
  return { sdk, session, live, container };
}

/** What another tab of the same user posts after its renewal. */
function sharedToken(lifetimeSec = 300) {
  return { v: 1, kind: 'token', tab: '0', key: 'http://engine.test/|doc-1', jwt: jwtFor('doc-1', lifetimeSec), remainingMs: lifetimeSec * 1000, reason: 'proactive' };
}

describe('16.2 a token from another tab during this tab’s own swap', () => {
  it('leaves exactly one live viewer, the session’s, with the page kept and the change saved', async () => {
    healthyEndpoint();
    const channels = memoryChannels();
    const tab = await oldSdkTab(channels);
    tab.session.instance.setViewState((state) => state.set('currentPageIndex', 3));
    // Until the swap starts: renewal is due a minute and the swap's lead before expiry.
    const swapStarted = () => tab.sdk.instances.length > 1;
    for (let i = 0; i < 3_000 && !swapStarted(); i++) await vi.advanceTimersByTimeAsync(100);
    expect(swapStarted()).toBe(true);
    const old = tab.sdk.instances[0]!;
    expect(old.unloaded).toBe(false); // the new viewer is loading under it
    old.change(); // the user draws while the new viewer loads
    channels.factory('nutrient-viewer-session:user-1')!.postMessage(sharedToken());
    await vi.advanceTimersByTimeAsync(20_000);
    expect(tab.live()).toHaveLength(1);
    expect(tab.live()[0]).toBe(tab.session.instance);
    expect(tab.session.instance.viewState.currentPageIndex).toBe(3);
    expect(old.unsaved).toBe(0);
    expect(old.saves).toBeGreaterThan(0);
    expect(tab.session.state).toBe('active');
  });
});

describe('16.10 opening a tab does not swap the other tabs’ viewers', () => {
  it('keeps the shared token for when its own renewal is due, and then uses it without a request', async () => {
    const endpoint = healthyEndpoint();
    const channels = memoryChannels();
    const tab = await oldSdkTab(channels);
    await vi.advanceTimersByTimeAsync(MINUTE);
    channels.factory('nutrient-viewer-session:user-1')!.postMessage(sharedToken()); // a new tab's first token
    await vi.advanceTimersByTimeAsync(10_000);
    expect(tab.sdk.instances).toHaveLength(1); // no swap: this viewer's token has minutes left
    const requests = endpoint.issued();
    for (let i = 0; i < 240 && tab.sdk.instances.length < 2; i++) await vi.advanceTimersByTimeAsync(1_000);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(tab.sdk.instances).toHaveLength(2); // swapped once, when due...
    expect(endpoint.issued()).toBe(requests); // ...with the other tab's token
    expect(tab.live()).toEqual([tab.session.instance]);
    expect(tab.session.state).toBe('active');
  });
});

describe("16.8 renewal.method 'reload' never leaves the page without a viewer", () => {
  it('loads the viewer again with the current token when the reload fails, and the state says the renewal failed', async () => {
    healthyEndpoint();
    const tab = await oldSdkTab(undefined, { method: 'reload' });
    const first = tab.session.instance;
    tab.sdk.failNext = new Error('An error occurred while connecting to Nutrient Document Engine: Bad Gateway');
    const renewal = tab.session.renew().catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(3_000);
    expect(await renewal).toMatchObject({ name: 'ViewerSwapError' });
    expect(tab.live()).toEqual([tab.session.instance]); // a viewer is mounted, and it is the session's
    expect(tab.session.instance.jwt).toBe(first.jwt); // with the token it had, still valid
    expect(tab.session.lastError?.name).toBe('ViewerSwapError');
    const next = tab.session.renew(); // the next renewal reloads the viewer the session holds
    await vi.advanceTimersByTimeAsync(3_000);
    await next;
    expect(tab.live()).toEqual([tab.session.instance]);
    expect(tab.session.instance.jwt).not.toBe(first.jwt);
    expect(tab.session.state).toBe('active');
  });
});
