import { describe, expect, it, vi } from 'vitest';
import { SessionEndedError } from '../../src/errors/errors.js';
import { isSessionError } from '../../src/errors/guards.js';
import { LoadAbortedError, ViewerLoadError } from '../../src/errors/load-errors.js';
import { jwtFor } from '../support/jwt.js';
import { useFakeTokenWorld } from '../support/renewer-harness.js';
import { hang } from '../support/token-endpoint.js';
import { viewerWorld } from '../support/viewer-harness.js';

const server = useFakeTokenWorld();
const MINUTE = 60_000;

/** Nothing is left running: no viewer, no timer, no page listener. */
function expectNothingLeft(world: ReturnType<typeof viewerWorld>) {
  expect(world.sdk.instances.filter((instance) => !instance.unloaded)).toHaveLength(0);
  expect(vi.getTimerCount()).toBe(0);
  expect(world.browser.listenerCount()).toBe(0);
}

describe('loadViewer with a signal', () => {
  it('rejects at once with LoadAbortedError when the signal has already aborted', async () => {
    const world = viewerWorld(server);
    const error = await world.load({ signal: AbortSignal.abort() }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LoadAbortedError);
    expect(world.endpoint.issued()).toBe(0);
    expect(world.sdk.loads).toBe(0);
    expectNothingLeft(world);
  });

  it('cancels the first token request, and never loads the viewer', async () => {
    const world = viewerWorld(server);
    world.endpoint.answerNext(hang);
    const controller = new AbortController();
    const loading = world.load({ signal: controller.signal }).catch((e: unknown) => e);
    await vi.waitFor(() => expect(world.endpoint.issued()).toBe(1));
    controller.abort();
    const error = await loading;
    expect(isSessionError(error, 'load-aborted')).toBe(true);
    expect(world.sdk.loads).toBe(0);
    // The request was aborted on the wire, not left to land later.
    expect(world.endpoint.state.lastRequest).toBeDefined();
    await vi.advanceTimersByTimeAsync(10 * MINUTE);
    expect(world.endpoint.issued()).toBe(1);
    expectNothingLeft(world);
  });

  it('unloads a viewer that finishes loading after the abort, and never calls setSession on it', async () => {
    const world = viewerWorld(server, { sdkOptions: { loadDelayMs: 2_000 } });
    const controller = new AbortController();
    const loading = world.load({ signal: controller.signal }).catch((e: unknown) => e);
    await vi.waitFor(() => expect(world.sdk.loads).toBe(1));
    controller.abort();
    await vi.advanceTimersByTimeAsync(2_000);
    expect(await loading).toBeInstanceOf(LoadAbortedError);
    const [instance] = world.sdk.instances;
    expect(instance!.unloaded).toBe(true);
    expect(instance!.setSessionCalls).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(10 * MINUTE);
    expect(world.endpoint.issued()).toBe(1);
    expectNothingLeft(world);
  });

  it('lets a second load into the same container succeed while a cancelled one is still loading (StrictMode)', async () => {
    const world = viewerWorld(server, { sdkOptions: { loadDelayMs: 1_000 } });
    const jwt = jwtFor('doc-1', 300);
    const first = new AbortController();
    const cancelled = world.load({ jwt, signal: first.signal }).catch((e: unknown) => e);
    await vi.waitFor(() => expect(world.sdk.loads).toBe(1));
    first.abort();
    const second = world.load({ jwt });
    await vi.advanceTimersByTimeAsync(2_000);
    expect(await cancelled).toBeInstanceOf(LoadAbortedError);
    const session = await second;
    expect(session.instance.unloaded).toBe(false);
    expect(world.sdk.instances.filter((instance) => !instance.unloaded)).toEqual([session.instance]);
  });

  it('fetches the first token and imports the SDK at the same time', async () => {
    const world = viewerWorld(server);
    const order: string[] = [];
    world.endpoint.answerNext(hang);
    const sdkLoader = async () => {
      order.push(`sdk import starts with ${world.endpoint.issued()} token request(s) made`);
      return world.sdk;
    };
    const controller = new AbortController();
    const loading = world.load({ sdk: sdkLoader, signal: controller.signal }).catch((e: unknown) => e);
    await vi.waitFor(() => expect(world.endpoint.issued()).toBe(1));
    // The token has not arrived (the endpoint hangs) and the SDK import has already started.
    expect(order).toHaveLength(1);
    controller.abort();
    expect(await loading).toBeInstanceOf(LoadAbortedError);
  });
});

describe('a viewer that throws in setSession during loadViewer', () => {
  it('is unloaded, and loadViewer rejects with ViewerLoadError', async () => {
    const world = viewerWorld(server);
    let unloaded = 0;
    const instance = {
      setSession: () => {
        throw new Error('viewer broke');
      },
    };
    const sdk = {
      // A renewal finishes during load(), so the loaded viewer must be handed the newer token.
      load: async (config: { onAuthFailed: () => Promise<void> }) => {
        await config.onAuthFailed().catch(() => {});
        return instance;
      },
      unload: (target: unknown) => {
        if (target === instance) unloaded++;
        return true;
      },
    };
    const error = await world.load({ sdk } as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ViewerLoadError);
    expect(isSessionError(error, 'viewer-load')).toBe(true);
    expect((error as Error).cause).toMatchObject({ message: 'viewer broke' });
    expect(unloaded).toBe(1);
    expect(vi.getTimerCount()).toBe(0);
    expect(world.browser.listenerCount()).toBe(0);
  });
});

describe('onAuthFailed before the viewer exists', () => {
  it('says the loading viewer gets the new token, not that it loads again', async () => {
    const world = viewerWorld(server);
    const failures: Error[] = [];
    const sdk = {
      load: async (config: { onAuthFailed: () => Promise<void> }) => {
        await config.onAuthFailed().catch((error: Error) => failures.push(error));
        return { setSession: () => {} };
      },
      unload: () => true,
    };
    await world.load({ sdk } as never);
    expect(failures[0]!.name).toBe('ViewerNotReadyError');
    expect(failures[0]!.message).not.toMatch(/loads again/);
    expect(failures[0]!.message).toMatch(/as soon as load\(\) resolves/);
  });
});

describe('the session object', () => {
  it('has subscribe and on bound, so they can be passed around', async () => {
    const world = viewerWorld(server);
    const session = await world.load();
    const { subscribe, on } = session;
    const seen: string[] = [];
    subscribe((event) => seen.push(event.type));
    on('renewed', () => seen.push('on:renewed'));
    await vi.advanceTimersByTimeAsync(1_000); // a token minted in the same second would not extend the current one
    await session.renew();
    expect(seen).toContain('renewed');
    expect(seen).toContain('on:renewed');
  });

  it('emits a last state event, unloaded, on unload', async () => {
    const world = viewerWorld(server);
    const session = await world.load();
    session.unload();
    expect(world.ofType('state').at(-1)).toMatchObject({ state: 'unloaded' });
    session.unload();
    expect(world.ofType('state').filter((event) => event.state === 'unloaded')).toHaveLength(1);
  });
});

describe('type guards', () => {
  it('recognise errors from another copy of the package by name and code, where instanceof fails', () => {
    // What a second bundled copy of the package throws: same names and codes, other classes.
    class OtherSessionEndedError extends Error {
      override name = 'SessionEndedError';
      readonly code = 'session-ended';
    }
    const foreign = new OtherSessionEndedError('ended');
    expect(foreign instanceof SessionEndedError).toBe(false);
    expect(isSessionError(foreign, 'session-ended')).toBe(true);
    expect(isSessionError(foreign)).toBe(true);
    expect(isSessionError(foreign, 'load-aborted')).toBe(false);
    expect(isSessionError(new Error('x'))).toBe(false);
    expect(isSessionError({ name: 'SessionEndedError' })).toBe(false);
    expect(isSessionError(undefined)).toBe(false);
    expect(isSessionError(new SessionEndedError(401), 'session-ended')).toBe(true);
    expect(isSessionError(new LoadAbortedError(), 'load-aborted')).toBe(true);
    expect(isSessionError(new ViewerLoadError('x'), 'viewer-load')).toBe(true);
  });
});
