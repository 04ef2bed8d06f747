import { HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { ConfigurationError, InvalidTokenError, RefreshResponseError, SessionEndedError } from '../../src/errors/errors.js';
import { jwtFor } from '../support/jwt.js';
import { useFakeTokenWorld } from '../support/renewer-harness.js';
import { status } from '../support/token-endpoint.js';
import { viewerWorld } from '../support/viewer-harness.js';

const server = useFakeTokenWorld();
const MINUTE = 60_000;

describe('loading', () => {
  it('passes viewer options through, sets auth itself and fixes a missing slash', async () => {
    const world = viewerWorld(server);
    const spy = vi.spyOn(world.sdk, 'load');
    const toolbarItems = [{ type: 'zoom-in' }];
    const session = await world.load({ serverUrl: 'http://engine.test', toolbarItems } as never);
    const config = spy.mock.calls[0]![0];
    expect(config).toMatchObject({ container: '#viewer', documentId: 'doc-1', serverUrl: 'http://engine.test/', instant: false });
    expect(config.toolbarItems).toBe(toolbarItems);
    expect(config.authPayload.jwt.split('.')).toHaveLength(3);
    expect(typeof config.onAuthFailed).toBe('function');
    expect(config).not.toHaveProperty('refresh');
    expect(config).not.toHaveProperty('renewal');
    expect(session.state).toBe('active');
  });

  it.each([
    ['authPayload', { authPayload: { jwt: 'x' } }, /Do not pass "authPayload"/],
    ['onAuthFailed', { onAuthFailed: () => {} }, /Do not pass "onAuthFailed"/],
    ['no container', { container: '' }, /"container" is required/],
    ['no documentId', { documentId: '' }, /"documentId" is required/],
    ['no refresh', { refresh: undefined }, /"refresh" is required/],
    ['no serverUrl', { serverUrl: '' }, /"serverUrl" is required/],
  ])('rejects %s with a ConfigurationError before any request', async (_, options, message) => {
    const world = viewerWorld(server);
    const error = await world.load(options as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toMatch(message);
    expect(world.endpoint.issued()).toBe(0);
    expect(world.sdk.loads).toBe(0);
  });

  it('fetches the first token when none is given', async () => {
    const world = viewerWorld(server);
    await world.load();
    expect(world.endpoint.issued()).toBe(1);
    expect(world.ofType('renewing')).toMatchObject([{ reason: 'initial' }]);
    expect(world.engine.authFailures).toBe(0);
  });

  it('uses a valid initial token without a request', async () => {
    const world = viewerWorld(server);
    await world.load({ jwt: jwtFor('doc-1', 300) });
    expect(world.endpoint.issued()).toBe(0);
    expect(world.sdk.loads).toBe(1);
  });

  it('replaces an expired initial token before load(), so the engine never refuses it', async () => {
    const world = viewerWorld(server);
    const stale = jwtFor('doc-1', 300, Date.now() - 10 * MINUTE);
    const session = await world.load({ jwt: stale });
    expect(world.endpoint.issued()).toBe(1);
    expect(world.engine.authFailures).toBe(0);
    expect(world.sdk.loads).toBe(1);
    expect(session.state).toBe('active');
  });

  it('renews once and loads again when the engine refuses the initial token', async () => {
    const world = viewerWorld(server);
    const jwt = jwtFor('doc-1', 300);
    (await world.load({ jwt })).unload();
    world.engine.revokeJwts(); // the page still holds a token the engine has revoked
    const session = await world.load({ jwt });
    expect(world.sdk.loads).toBe(3);
    expect(world.endpoint.issued()).toBe(1);
    expect(session.instance.unloaded).toBe(false);
  });

  it('rejects a malformed or other-document initial token with InvalidTokenError', async () => {
    const world = viewerWorld(server);
    await expect(world.load({ jwt: 'garbage' })).rejects.toMatchObject({ reason: 'malformed' });
    await expect(world.load({ jwt: jwtFor('doc-2', 300) })).rejects.toBeInstanceOf(InvalidTokenError);
    expect(world.sdk.loads).toBe(0);
  });

  it('fails load with the typed error when the first token cannot be had, leaving nothing running', async () => {
    const world = viewerWorld(server);
    world.endpoint.answerNext(() => HttpResponse.html('<html>Sign in</html>'));
    await expect(world.load()).rejects.toBeInstanceOf(RefreshResponseError);
    expect(world.sdk.loads).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
    expect(world.browser.listenerCount()).toBe(0);
  });

  it('answers onAuthFailed that comes before load() resolves, then hands the viewer the newest token', async () => {
    // The token runs out while the viewer is still loading: its load-time request fails, the
    // soft refresh too, and the SDK calls onAuthFailed with no instance to give a token to yet.
    const world = viewerWorld(server, { renewal: { proactive: false }, sdkOptions: { loadDelayMs: 2_000 } });
    const loading = world.load({ jwt: jwtFor('doc-1', 1), __requestDuringLoad: true } as never);
    await vi.advanceTimersByTimeAsync(2_000);
    const session = await loading;
    const { instance } = session;
    expect(instance.onAuthFailedCalls).toBe(1);
    expect(world.endpoint.issued()).toBe(1);
    // load() resolved while the renewal ran; the instance is reached once there, and the
    // request that failed during load is retried with the new token.
    await vi.advanceTimersByTimeAsync(0);
    await expect(instance.loadRequest).resolves.toBeUndefined();
    expect(instance.setSessionCalls).toHaveLength(1);
    await expect(instance.request()).resolves.toBeUndefined();
    expect(world.endpoint.issued()).toBe(1);
  });
});

describe('an SDK that calls onAuthFailed and waits for it inside load()', () => {
  it('rejects that call with ViewerNotReadyError, then gives the loaded viewer the new token', async () => {
    const world = viewerWorld(server);
    const calls: string[] = [];
    const failures: unknown[] = [];
    const instance = { setSession: (jwt: string) => calls.push(jwt) };
    const sdk = {
      load: async (config: { onAuthFailed: () => Promise<void>; authPayload: { jwt: string } }) => {
        calls.push(config.authPayload.jwt);
        await config.onAuthFailed().catch((error: unknown) => failures.push(error));
        return instance;
      },
      unload: () => true,
    };
    await world.load({ sdk } as never);
    expect(failures).toMatchObject([{ name: 'ViewerNotReadyError' }]);
    expect(calls).toHaveLength(2);
    expect(calls[1]).not.toBe(calls[0]);
    expect(world.endpoint.issued()).toBe(2);
  });
});

describe('an SDK whose load() fails because onAuthFailed came before there was an instance', () => {
  it('loads once more with the fresh token the session fetched meanwhile (a load that outlasted its token)', async () => {
    const world = viewerWorld(server);
    const loaded: string[] = [];
    const instance = { setSession: () => {} };
    const sdk = {
      load: async (config: { onAuthFailed: () => Promise<void>; authPayload: { jwt: string } }) => {
        loaded.push(config.authPayload.jwt);
        if (loaded.length > 1) return instance;
        // As the real SDK does: its refresh during load() fails with the callback's rejection.
        const error = await config.onAuthFailed().then(() => undefined, (e: Error) => e);
        throw new Error(`Auth refresh failed: ${error?.message ?? ''}`);
      },
      unload: () => true,
    };
    const session = await world.load({ sdk } as never);
    expect(session.instance).toBe(instance);
    expect(loaded).toHaveLength(2);
    expect(loaded[1]).not.toBe(loaded[0]);
    expect(world.endpoint.issued()).toBe(2); // the first token, and the one onAuthFailed fetched
  });
});

describe('reactive renewal through the SDK', () => {
  it('recovers 20 failing tiles with one token request and one setSession', async () => {
    const world = viewerWorld(server, { renewal: { proactive: false } });
    const session = await world.load();
    await vi.advanceTimersByTimeAsync(5 * MINUTE + 1_000); // the token expired; no proactive renewal
    const results = await settleMany(session.instance.requestMany(20));
    expect(results.every((r) => r.status === 'fulfilled')).toBe(true);
    expect(world.endpoint.issued()).toBe(2);
    expect(session.instance.setSessionCalls).toHaveLength(1);
    expect(world.ofType('renewed').at(-1)).toMatchObject({ reason: 'auth-failed' });
  });

  it('makes no second request for the SDK\'s second onAuthFailed right after a failed cycle', async () => {
    const world = viewerWorld(server, { renewal: { proactive: false } });
    const session = await world.load();
    await vi.advanceTimersByTimeAsync(5 * MINUTE + 1_000);
    world.endpoint.answerNext(status(400));
    const results = await settleMany(session.instance.requestMany(20));
    expect(session.instance.onAuthFailedCalls).toBe(2);
    expect(world.endpoint.issued()).toBe(2);
    expect(results.every((r) => r.status === 'rejected')).toBe(true);
    await vi.advanceTimersByTimeAsync(3_000); // later, a user action tries again and recovers
    await expect(session.instance.request()).resolves.toBeUndefined();
    expect(world.endpoint.issued()).toBe(3);
  });

  it('never hands the viewer a bad answer, and says why in state and events', async () => {
    const world = viewerWorld(server, { renewal: { proactive: false } });
    const session = await world.load();
    await vi.advanceTimersByTimeAsync(5 * MINUTE + 1_000);
    world.endpoint.answerNext(() => HttpResponse.json({ jwt: jwtFor('doc-2', 300) }));
    await expect(session.instance.request()).rejects.toThrow();
    expect(session.instance.setSessionCalls).toHaveLength(0);
    expect(session.state).toBe('expired');
    expect(session.lastError).toMatchObject({ name: 'InvalidTokenError', reason: 'other-document' });
    expect(world.ofType('error')).toMatchObject([{ reason: 'auth-failed', fatal: false }]);
  });

  it('ends once when the user is logged out, keeps the viewer, and asks no more', async () => {
    const world = viewerWorld(server, { renewal: { proactive: false } });
    const session = await world.load();
    await vi.advanceTimersByTimeAsync(5 * MINUTE + 1_000);
    world.endpoint.answerNext(status(401));
    for (let i = 0; i < 5; i++) {
      await settleMany(session.instance.requestMany(4));
      await vi.advanceTimersByTimeAsync(MINUTE);
    }
    expect(world.endpoint.issued()).toBe(2);
    expect(world.ofType('ended')).toHaveLength(1);
    expect(session.lastError).toBeInstanceOf(SessionEndedError);
    expect(session.instance.unloaded).toBe(false);
  });
});

async function settleMany<T>(promise: Promise<T>): Promise<T> {
  await vi.advanceTimersByTimeAsync(10);
  return promise;
}
