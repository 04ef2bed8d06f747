// @vitest-environment happy-dom
import { act, cleanup, render } from '@testing-library/react';
import { createElement, StrictMode, useRef, type ReactElement } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useViewerSession } from '../../src/react/index.js';
import type { ViewerSnapshot } from '../../src/viewer/viewer-store.js';
import { adapterWorld, settleFor } from '../support/adapter-world.js';
import type { FakeInstance } from '../support/fake-sdk.js';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
afterEach(cleanup);

function setup() {
  const world = adapterWorld();
  const seen: ViewerSnapshot<FakeInstance>[] = [];
  function Viewer({ documentId }: { documentId: string }): ReactElement {
    const container = useRef<HTMLDivElement>(null);
    const snapshot = useViewerSession<FakeInstance>(
      { serverUrl: 'http://engine.test/', documentId, refresh: world.refreshFor(documentId), sdk: world.sdk as never, environment: world.environment },
      container,
    );
    seen.push(snapshot);
    return createElement('div', { ref: container, 'data-state': snapshot.state });
  }
  const app = (show: boolean, documentId = 'doc-1') => createElement(StrictMode, null, show ? createElement(Viewer, { documentId }) : null);
  return { world, seen, app, last: () => seen.at(-1)! };
}

const rejections: unknown[] = [];
process.on('unhandledRejection', (reason) => rejections.push(reason));

describe('useViewerSession under <StrictMode>', () => {
  it('leaves exactly one live viewer, and renders its state through useSyncExternalStore', async () => {
    const { world, app, last } = setup();
    render(app(true));
    await act(() => vi.waitFor(() => expect(last().state).toBe('active'), { timeout: 5_000 }));
    expect(world.live()).toHaveLength(1);
    expect(last().instance).toBe(world.live()[0]);
    expect(last().session?.state).toBe('active');
    expect(document.querySelector('[data-state]')!.getAttribute('data-state')).toBe('active');
    expect(last().diagnose()).toMatchObject({ state: 'active', handOver: 'setSession', token: { source: 'this-tab' } });
    expect(rejections).toEqual([]);
  });

  it('mount, unmount, mount in quick succession: one viewer; after the final unmount none, and no token lands', async () => {
    const { world, app } = setup();
    const view = render(app(true));
    view.rerender(app(false));
    view.rerender(app(true));
    await act(() => vi.waitFor(() => expect(world.live()).toHaveLength(1), { timeout: 5_000 }));
    await act(() => settleFor(100));
    expect(world.live()).toHaveLength(1);
    view.rerender(app(false));
    world.unmounted();
    const started = world.tokens.started;
    await act(() => settleFor(200));
    expect(world.live()).toHaveLength(0);
    expect(world.tokens.started).toBe(started);
    expect(world.tokensLandedAfterUnmount()).toBe(0);
    expect(rejections).toEqual([]);
  });

  it('a documentId change unloads the old viewer before loading the new one', async () => {
    const { world, app, last } = setup();
    const view = render(app(true, 'doc-1'));
    await act(() => vi.waitFor(() => expect(last().state).toBe('active'), { timeout: 5_000 }));
    world.log.length = 0;
    view.rerender(app(true, 'doc-2'));
    await act(() => vi.waitFor(() => expect(last().state).toBe('active'), { timeout: 5_000 }));
    expect(world.log[0]).toBe('unload doc-1');
    expect(world.log).toContain('load doc-2');
    expect(world.live()).toHaveLength(1);
    expect(world.live()[0]!.container).toBe(document.querySelector('[data-state]'));
    view.unmount();
    expect(world.live()).toHaveLength(0);
    expect(rejections).toEqual([]);
  });
});

describe('useViewerSession with a container that is not there on the first render', () => {
  function lateSetup() {
    const world = adapterWorld();
    let snapshot!: ViewerSnapshot<FakeInstance>;
    // A tab panel: the hook's component renders, the container only when its tab is shown.
    function Tabs({ shown }: { shown: boolean }): ReactElement {
      const container = useRef<HTMLDivElement>(null);
      snapshot = useViewerSession<FakeInstance>(
        { serverUrl: 'http://engine.test/', documentId: 'doc-1', refresh: world.refreshFor('doc-1'), sdk: world.sdk as never, environment: world.environment },
        container,
      );
      return createElement('section', null, shown ? createElement('div', { ref: container, 'data-state': snapshot.state }) : null);
    }
    const app = (shown: boolean) => createElement(StrictMode, null, createElement(Tabs, { shown }));
    return { world, app, state: () => snapshot };
  }

  it('loads once a later render sets the ref, into that element', async () => {
    const { world, app, state } = lateSetup();
    const view = render(app(false));
    await act(() => settleFor(50));
    expect(state().state).toBe('starting');
    expect(world.log).toEqual([]);
    view.rerender(app(true));
    await act(() => vi.waitFor(() => expect(state().state).toBe('active'), { timeout: 5_000 }));
    expect(world.live()).toHaveLength(1);
    expect(world.live()[0]!.container).toBe(document.querySelector('[data-state]'));
    view.unmount();
    expect(world.live()).toHaveLength(0);
    expect(rejections).toEqual([]);
  });

  it('unloads when the container goes away, and loads again into a new one', async () => {
    const { world, app, state } = lateSetup();
    const view = render(app(true));
    await act(() => vi.waitFor(() => expect(state().state).toBe('active'), { timeout: 5_000 }));
    view.rerender(app(false));
    await act(() => vi.waitFor(() => expect(world.live()).toHaveLength(0), { timeout: 5_000 }));
    view.rerender(app(true));
    await act(() => vi.waitFor(() => expect(state().state).toBe('active'), { timeout: 5_000 }));
    expect(world.live()).toHaveLength(1);
    expect(world.live()[0]!.container).toBe(document.querySelector('[data-state]'));
    view.unmount();
    expect(world.live()).toHaveLength(0);
    expect(rejections).toEqual([]);
  });
});
