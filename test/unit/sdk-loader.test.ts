import { describe, expect, it, vi } from 'vitest';
import { ConfigurationError } from '../../src/errors/errors.js';
import { isAuthLoadError, resolveSdk } from '../../src/viewer/viewer-sdk.js';
import { useFakeTokenWorld } from '../support/renewer-harness.js';
import { createFakeSdk, FakeEngine } from '../support/fake-sdk.js';
import { viewerWorld } from '../support/viewer-harness.js';

// The real module is a 6 MB UMD bundle for browsers: the default loader must import it lazily.
const mocked = vi.hoisted(() => ({ sdk: undefined as unknown }));
vi.mock('@nutrient-sdk/viewer', () => ({ default: mocked.sdk }));

const server = useFakeTokenWorld();

describe('the SDK module', () => {
  it('is imported on demand by default', async () => {
    const world = viewerWorld(server);
    mocked.sdk = world.sdk;
    const session = await world.load({ sdk: undefined });
    expect(world.sdk.loads).toBe(1);
    expect(session.instance).toBe(world.sdk.instances[0]);
  });

  it('can come from a loader function (module with a default export) or an object (CDN global)', async () => {
    const sdk = createFakeSdk(new FakeEngine());
    await expect(resolveSdk(async () => ({ default: sdk }))).resolves.toBe(sdk);
    await expect(resolveSdk(async () => sdk)).resolves.toBe(sdk);
    await expect(resolveSdk(sdk)).resolves.toBe(sdk);
  });

  it('must have load() and unload()', async () => {
    await expect(resolveSdk({} as never)).rejects.toBeInstanceOf(ConfigurationError);
    await expect(resolveSdk(async () => ({ default: { load: () => {} } }) as never)).rejects.toThrow(/load\(\)\/unload\(\)/);
  });
});

describe('isAuthLoadError', () => {
  it.each([
    [{ status: 401, body: 'anything' }, true],
    [{ status: 403, body: 'Token has expired' }, true],
    [{ status: 403, body: 'Token has been revoked' }, true],
    [{ status: 403, body: 'Invalid token (signature)' }, true],
    [{ status: 403, body: 'Insufficient permissions' }, false],
    [{ status: 404, body: 'Document not found' }, false],
    [{ status: 500 }, false],
    [new Error('network'), false],
    [undefined, false],
  ])('%j -> %s', (error, expected) => {
    expect(isAuthLoadError(error)).toBe(expected);
  });
});
