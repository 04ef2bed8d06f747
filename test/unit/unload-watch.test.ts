// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadViewer } from '../../src/viewer/load-viewer.js';
import type { SessionState } from '../../src/session/events.js';
import { browserEnvironment } from '../../src/session/environment.js';
import { fakeBrowser } from '../support/fake-browser.js';
import { jwtFor } from '../support/jwt.js';

// A viewer that mounts like the real one: a node inside the container (optionally in a shadow
// root), removed again by unload(container) whoever calls it.
function domSdk({ shadow = false } = {}) {
  const mounted = new Map<Element, { root: Element; instance: { setSession: (jwt: string) => void; calls: string[] } }>();
  return {
    mounted,
    async load(config: { container: Element }) {
      const host = shadow ? (config.container.shadowRoot ?? config.container.attachShadow({ mode: 'open' })) : config.container;
      const root = document.createElement('div');
      root.className = 'viewer-root';
      host.appendChild(root);
      const calls: string[] = [];
      const instance = { calls, setSession: (jwt: string) => void calls.push(jwt) };
      mounted.set(config.container, { root, instance });
      return instance;
    },
    unload(target: unknown) {
      for (const [container, entry] of mounted) {
        if (target === container || target === entry.instance) {
          entry.root.remove();
          mounted.delete(container);
          return true;
        }
      }
      return false;
    },
  };
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe.each([false, true])('a viewer unloaded behind the session\'s back (shadow root: %s)', (shadow) => {
  it('is noticed: the session stops renewing and says unloaded', async () => {
    const container = document.createElement('div');
    document.body.appendChild(container);
    const sdk = domSdk({ shadow });
    const refresh = vi.fn(async () => jwtFor('doc-1', 300));
    const states: SessionState[] = [];
    const session = await loadViewer({
      container,
      serverUrl: 'http://engine.test/',
      documentId: 'doc-1',
      jwt: jwtFor('doc-1', 300),
      refresh,
      sdk: sdk as never,
      environment: browserEnvironment(fakeBrowser().globals),
      onEvent: (event) => event.type === 'state' && states.push(event.state),
    });
    expect(session.state).not.toBe('unloaded');
    sdk.unload(container); // the app's own NutrientViewer.unload(container)
    await vi.waitFor(() => expect(session.state).toBe('unloaded'));
    expect(states.at(-1)).toBe('unloaded');
    await expect(session.renew()).rejects.toMatchObject({ name: 'SessionUnloadedError' });
    expect(refresh).not.toHaveBeenCalled();
  });
});
