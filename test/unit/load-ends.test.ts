// A load that always ends: a container that cannot hold a viewer is refused first, with the CSS
// that fixes it; the SDK's errors during load (thrown, rejected, or only reported as an uncaught
// error on the page while its load() never settles, as 1.22 does for a container without a
// height) become the load's rejection; and a load that hangs ends at its time limit, leaving
// nothing behind. The SDK here reproduces those habits; the e2e examples check the real one.
import { Window } from 'happy-dom';
import { afterEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { ConfigurationError } from '../../src/errors/errors.js';
import { isSessionError } from '../../src/errors/guards.js';
import { LoadTimeoutError, ViewerLoadError } from '../../src/errors/load-errors.js';
import { useFakeTokenWorld } from '../support/renewer-harness.js';
import { jwtFor } from '../support/jwt.js';
import { PSPDFKitError } from '../support/sdk-errors.js';
import { viewerWorld } from '../support/viewer-harness.js';

const server = useFakeTokenWorld();
const NO_HEIGHT = 'The mounting container has no height.\n     Nutrient Web SDK adapts to the dimensions of this element and will require this to be set.';

/** A page (happy-dom: no layout, so sizes are what the style says) with `html` in its body. */
function page(html: string) {
  const window = new Window();
  vi.stubGlobal('document', window.document);
  vi.stubGlobal('window', window);
  window.document.body.innerHTML = html;
  onTestFinished(() => window.happyDOM.close());
  return window;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('the container is checked before the SDK is asked', () => {
  it.each([
    ['missing', '<div id="other"></div>', /#viewer is not on the page: render it before loading/],
    ['without a height', '<div id="viewer" style="width: 500px; height: 0px"></div>', /#viewer has no height: .*#viewer \{ height: 100vh; \}/],
    ['without a width', '<div id="viewer" style="width: 0px; height: 500px"></div>', /#viewer has no width: .*width: 100%/],
  ])('a container %s: ConfigurationError naming the fix, no SDK load', async (_, html, message) => {
    page(html);
    const world = viewerWorld(server);
    const load = vi.spyOn(world.sdk, 'load');
    const error = await world.load().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toMatch(message);
    expect(load).not.toHaveBeenCalled();
  });

  it('a detached element: ConfigurationError saying to attach it', async () => {
    const window = page('');
    const element = window.document.createElement('div') as unknown as HTMLElement;
    const world = viewerWorld(server);
    const error = await world.load({ container: element }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toMatch(/div is not in the document: attach it/);
    expect(world.sdk.loads).toBe(0);
  });

  it('a sized container loads', async () => {
    page('<div id="viewer" style="width: 500px; height: 500px"></div>');
    const world = viewerWorld(server);
    const session = await world.load();
    expect(session.state).toBe('active');
    session.unload();
  });
});

describe('every SDK error during load is a rejection', () => {
  it('the SDK reports the container size only as an uncaught error and never settles: ConfigurationError with the CSS', async () => {
    const window = page('<div id="viewer" style="width: 500px; height: 500px"></div>');
    const world = viewerWorld(server);
    // The real SDK's habit: the check runs after load() has started, its error is thrown out of a callback.
    vi.spyOn(world.sdk, 'load').mockImplementation(() => {
      queueMicrotask(() => window.dispatchEvent(new window.ErrorEvent('error', { error: new PSPDFKitError(NO_HEIGHT) as never })));
      return new Promise(() => {});
    });
    const error = await world.load().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toMatch(/#viewer has no height: .*height: 100vh/);
    expect((error as Error).cause).toBeInstanceOf(PSPDFKitError);
  });

  it('the same error thrown or rejected by load(): ConfigurationError with the CSS', async () => {
    page('<div id="viewer" style="width: 500px; height: 500px"></div>');
    const world = viewerWorld(server);
    vi.spyOn(world.sdk, 'load').mockRejectedValue(new PSPDFKitError(NO_HEIGHT));
    const error = await world.load().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toMatch(/height: 100vh/);
  });

  it('any other uncaught SDK error during load: ViewerLoadError with the SDK\'s error as cause; errors of the app are not ours', async () => {
    const window = page('<div id="viewer" style="width: 500px; height: 500px"></div>');
    const world = viewerWorld(server);
    const sdkError = new PSPDFKitError('Worker failed to start');
    vi.spyOn(world.sdk, 'load').mockImplementation(() => {
      queueMicrotask(() => {
        // The app's own error first: it must not fail the viewer's load.
        window.dispatchEvent(new window.ErrorEvent('error', { error: new TypeError('app bug') as never }));
        window.dispatchEvent(Object.assign(new window.Event('unhandledrejection', { cancelable: true }), { reason: sdkError }));
      });
      return new Promise(() => {});
    });
    const error = await world.load().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ViewerLoadError);
    expect(isSessionError(error, 'viewer-load')).toBe(true);
    expect((error as Error).message).toBe('The viewer failed while loading: Worker failed to start');
    expect((error as Error).cause).toBe(sdkError);
  });

  it('an SDK message that quotes a token reaches the rejection without it', async () => {
    const window = page('<div id="viewer" style="width: 500px; height: 500px"></div>');
    const world = viewerWorld(server);
    const jwt = jwtFor('doc-1', 300);
    vi.spyOn(world.sdk, 'load').mockImplementation(() => {
      queueMicrotask(() => window.dispatchEvent(new window.ErrorEvent('error', { error: new PSPDFKitError(`bad auth payload ${jwt}`) as never })));
      return new Promise(() => {});
    });
    const error = (await world.load().catch((e: unknown) => e)) as Error;
    expect(error.message).toBe('The viewer failed while loading: bad auth payload [token]');
  });
});

describe('the time limit', () => {
  it('a load() that never settles rejects with LoadTimeoutError; the viewer it loads later is unloaded, and no token is asked for', async () => {
    page('<div id="viewer" style="width: 500px; height: 500px"></div>');
    const world = viewerWorld(server);
    let finish!: () => void;
    const real = world.sdk.load.bind(world.sdk);
    vi.spyOn(world.sdk, 'load').mockImplementation(async (config) => {
      await new Promise<void>((resolve) => (finish = resolve));
      return real(config);
    });
    const loading = world.load({ loadTimeoutMs: 50 }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(50);
    const error = await loading;
    expect(error).toBeInstanceOf(LoadTimeoutError);
    expect(isSessionError(error, 'load-timeout')).toBe(true);
    expect((error as Error).message).toMatch(/did not load within 50 ms: check that Document Engine/);
    const issued = world.endpoint.issued();
    finish();
    await vi.waitFor(() => expect(world.sdk.instances).toHaveLength(1));
    await vi.waitFor(() => expect(world.sdk.instances[0]!.unloaded).toBe(true));
    expect(world.endpoint.issued()).toBe(issued);
  });

  it('after a load() that hung past its time limit, the container is free: the next load into it works', async () => {
    page('<div id="viewer" style="width: 500px; height: 500px"></div>');
    const world = viewerWorld(server);
    const real = world.sdk.load.bind(world.sdk);
    const hang = vi.spyOn(world.sdk, 'load').mockImplementationOnce(() => new Promise(() => {}));
    const first = world.load({ loadTimeoutMs: 50 }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(50);
    expect(await first).toBeInstanceOf(LoadTimeoutError);
    hang.mockImplementation(real);
    const session = await world.load();
    expect(session.state).toBe('active');
    session.unload();
  });

  it('a load that finishes in time clears its timer and listeners: nothing fires later', async () => {
    const window = page('<div id="viewer" style="width: 500px; height: 500px"></div>');
    const world = viewerWorld(server);
    const removed = vi.spyOn(window, 'removeEventListener');
    const session = await world.load({ loadTimeoutMs: 60_000 });
    expect(removed.mock.calls.map(([type]) => type)).toEqual(expect.arrayContaining(['error', 'unhandledrejection']));
    expect(session.state).toBe('active');
    session.unload();
  });
});
