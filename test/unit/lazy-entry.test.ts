import { describe, expect, it, vi } from 'vitest';
import { loadViewer } from '../../src/lazy/index.js';
import { useFakeTokenWorld } from '../support/renewer-harness.js';
import { viewerWorld } from '../support/viewer-harness.js';

const server = useFakeTokenWorld();

describe('the lazy entry', () => {
  it('starts the SDK download at once, before the session code has arrived, and loads the same session', async () => {
    const world = viewerWorld(server);
    const loader = vi.fn(async () => world.sdk);
    const loading = loadViewer({ container: '#viewer', serverUrl: 'http://engine.test/', documentId: 'doc-1', refresh: 'http://app.test/api/viewer-token', sdk: loader, onEvent: () => {} });
    expect(loader).toHaveBeenCalledTimes(1); // synchronously: no wait for the session chunk
    const session = await loading;
    expect(session.state).toBe('active');
    expect(world.endpoint.issued()).toBe(1);
    expect(loader).toHaveBeenCalledTimes(1);
    session.unload();
  });
});
