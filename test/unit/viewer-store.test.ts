// @vitest-environment happy-dom
// A page: the adapters load through the lazy front door, which needs a document.
import { describe, expect, it } from 'vitest';
import { RefreshHttpError } from '../../src/errors/errors.js';
import { ViewerStore } from '../../src/viewer/viewer-store.js';
import { adapterWorld } from '../support/adapter-world.js';
import type { FakeInstance } from '../support/fake-sdk.js';

/** The container on the page, as an adapter renders it (loadViewer checks it before loading). */
function viewerSlot(): HTMLElement {
  const slot = document.createElement('div');
  slot.className = 'viewer-slot';
  document.body.append(slot);
  return slot;
}

const options = (world: ReturnType<typeof adapterWorld>, refresh = world.refreshFor('doc-1')) => ({
  container: viewerSlot(),
  serverUrl: 'http://engine.test/',
  documentId: 'doc-1',
  refresh,
  sdk: world.sdk as never,
  environment: world.environment,
});

describe('ViewerStore', () => {
  it('goes starting -> active with the instance, and notifies only on change', async () => {
    const world = adapterWorld();
    const store = new ViewerStore<FakeInstance>();
    let notified = 0;
    store.subscribe(() => notified++);
    store.mount(options(world));
    expect(store.getSnapshot().state).toBe('starting');
    const first = store.getSnapshot();
    expect(store.getSnapshot()).toBe(first); // same object until something changes
    await expect.poll(() => store.getSnapshot().state).toBe('active');
    expect(store.getSnapshot().instance).toBe(world.live()[0]);
    expect(notified).toBeGreaterThan(0);
    store.unmount();
    expect(store.getSnapshot()).toMatchObject({ state: 'unloaded', instance: undefined, session: undefined });
    expect(world.live()).toHaveLength(0);
  });

  it('says failed with the error when the viewer cannot be loaded (no unhandled rejection)', async () => {
    const world = adapterWorld();
    const store = new ViewerStore<FakeInstance>();
    store.mount(options(world, async () => Promise.reject(new RefreshHttpError(401))));
    await expect.poll(() => store.getSnapshot().state).toBe('failed');
    expect(store.getSnapshot().lastError).toMatchObject({ name: 'SessionEndedError', status: 401 });
    expect(world.live()).toHaveLength(0);
  });
});
