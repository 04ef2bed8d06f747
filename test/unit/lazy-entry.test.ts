import { Window } from 'happy-dom';
import { afterEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { ConfigurationError } from '../../src/errors/errors.js';
import { isSessionError } from '../../src/errors/guards.js';
import { loadViewer } from '../../src/lazy/index.js';
import { useFakeTokenWorld } from '../support/renewer-harness.js';
import { viewerWorld } from '../support/viewer-harness.js';

const server = useFakeTokenWorld();

describe('the lazy entry', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('starts the SDK download at once, before the session code has arrived, and loads the same session', async () => {
    const page = new Window(); // a page's document: the front door loads only in one
    vi.stubGlobal('document', page.document);
    page.document.body.innerHTML = '<div id="viewer"></div>';
    onTestFinished(() => page.happyDOM.close());
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

  // This file runs in Node: no window, no document, as during server-side rendering.
  it('rejects during server-side rendering with a ConfigurationError that says to load in the browser, before importing the SDK', async () => {
    expect(typeof document).toBe('undefined');
    const world = viewerWorld(server);
    const loader = vi.fn(async () => world.sdk);
    const options = { container: '#viewer', serverUrl: 'http://engine.test/', documentId: 'doc-1', refresh: 'http://app.test/api/viewer-token' };
    const withDefaultSdk = await loadViewer(options).catch((error: unknown) => error);
    expect(withDefaultSdk).toBeInstanceOf(ConfigurationError);
    expect(isSessionError(withDefaultSdk, 'configuration')).toBe(true);
    expect((withDefaultSdk as Error).message).toMatch(/browser/);
    expect((withDefaultSdk as Error).message).toMatch(/useEffect/);
    expect((withDefaultSdk as Error).message).toMatch(/onMounted/);
    expect((withDefaultSdk as Error).message).toMatch(/afterNextRender/);
    await expect(loadViewer({ ...options, sdk: loader })).rejects.toBeInstanceOf(ConfigurationError);
    expect(loader).not.toHaveBeenCalled();
    expect(world.endpoint.issued()).toBe(0);
  });
});
