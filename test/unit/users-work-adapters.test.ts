// @vitest-environment happy-dom
// The user's work when a framework adapter lets go of the viewer: 10 annotations pending at a React
// unmount, a Vue unmount, and a document switch (the same container loads the next document).
// The fake SDK drops unsaved changes on unload, like the real one: the engine holds the 10 only
// if the adapter's unload saved them first.
import { act, cleanup, render } from '@testing-library/react';
import { createElement, useRef, type ReactElement } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createApp, defineComponent, h, ref, type Ref } from 'vue';
import { useViewerSession as useReactViewer } from '../../src/react/index.js';
import { useViewerSession as useVueViewer } from '../../src/vue/index.js';
import type { ViewerSnapshot } from '../../src/viewer/viewer-store.js';
import { adapterWorld } from '../support/adapter-world.js';
import type { FakeInstance } from '../support/fake-sdk.js';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
afterEach(cleanup);

const drawTen = (instance: FakeInstance) => {
  for (let i = 0; i < 10; i++) expect(instance.draw(`a${i}`)).toBe(true);
  expect(instance.hasUnsavedChanges()).toBe(true);
};

function reactApp() {
  const world = adapterWorld();
  let snapshot!: ViewerSnapshot<FakeInstance>;
  function Viewer({ documentId }: { documentId: string }): ReactElement {
    const container = useRef<HTMLDivElement>(null);
    snapshot = useReactViewer<FakeInstance>(
      { serverUrl: 'http://engine.test/', documentId, refresh: world.refreshFor(documentId), sdk: world.sdk as never, environment: world.environment },
      container,
    );
    return createElement('div', { ref: container });
  }
  const app = (show: boolean, documentId = 'doc-1') => (show ? createElement(Viewer, { documentId }) : createElement('p'));
  return { world, app, snapshot: () => snapshot };
}

describe("the user's work in the adapters", () => {
  it('React: an unmount saves the 10 pending changes before the viewer is unloaded', async () => {
    const { world, app, snapshot } = reactApp();
    const view = render(app(true));
    await act(() => vi.waitFor(() => expect(snapshot().state).toBe('active'), { timeout: 5_000 }));
    const instance = snapshot().instance!;
    drawTen(instance);
    view.rerender(app(false));
    await act(() => vi.waitFor(() => expect(instance.unloaded).toBe(true), { timeout: 5_000 }));
    expect(instance.lostOnUnload).toBe(0);
    expect(world.engines.get('doc-1')!.annotations.size).toBe(10);
  });

  it('React: a document switch saves the 10 pending changes, then loads the next document into the same container', async () => {
    const { world, app, snapshot } = reactApp();
    const view = render(app(true, 'doc-1'));
    await act(() => vi.waitFor(() => expect(snapshot().state).toBe('active'), { timeout: 5_000 }));
    const first = snapshot().instance!;
    drawTen(first);
    // The save takes a while (the engine answers late): the next document must wait for the container.
    world.engines.get('doc-1')!.stall(true);
    view.rerender(app(true, 'doc-2'));
    await act(() => new Promise((resolve) => setTimeout(resolve, 200)));
    world.engines.get('doc-1')!.stall(false);
    await act(() => vi.waitFor(() => expect(snapshot().instance?.container).toBe(first.container), { timeout: 5_000 }));
    await act(() => vi.waitFor(() => expect(snapshot().state).toBe('active'), { timeout: 5_000 }));
    expect(first.unloaded).toBe(true);
    expect(first.lostOnUnload).toBe(0);
    expect(world.engines.get('doc-1')!.annotations.size).toBe(10);
    expect(world.live()).toHaveLength(1);
  });

  it('Vue: an unmount saves the 10 pending changes before the viewer is unloaded', async () => {
    const world = adapterWorld();
    let snapshot!: Readonly<Ref<ViewerSnapshot<FakeInstance>>>;
    const Viewer = defineComponent({
      setup() {
        const container = ref<HTMLElement | null>(null);
        snapshot = useVueViewer<FakeInstance>(
          () => ({ serverUrl: 'http://engine.test/', documentId: 'doc-1', refresh: world.refreshFor('doc-1'), sdk: world.sdk as never, environment: world.environment }),
          container,
        );
        return () => h('div', { ref: container });
      },
    });
    const host = document.createElement('div');
    document.body.append(host);
    const app = createApp(Viewer);
    app.mount(host);
    await vi.waitFor(() => expect(snapshot.value.state).toBe('active'), { timeout: 5_000 });
    const instance = snapshot.value.instance!;
    drawTen(instance);
    app.unmount();
    await vi.waitFor(() => expect(instance.unloaded).toBe(true), { timeout: 5_000 });
    expect(instance.lostOnUnload).toBe(0);
    expect(world.engines.get('doc-1')!.annotations.size).toBe(10);
  });
});

describe('confirmLeave on a page', () => {
  const leave = () => {
    const event = new Event('beforeunload', { cancelable: true });
    window.dispatchEvent(event);
    return event.defaultPrevented;
  };

  it('the browser is asked to confirm leaving while changes are pending, not before, not after unload', async () => {
    const world = adapterWorld();
    const { ViewerStore } = await import('../../src/viewer/viewer-store.js');
    const store = new ViewerStore<FakeInstance>();
    const container = document.createElement('div');
    document.body.append(container);
    store.mount({ container, serverUrl: 'http://engine.test/', documentId: 'doc-1', refresh: world.refreshFor('doc-1'), sdk: world.sdk as never, environment: world.environment, confirmLeave: true });
    await vi.waitFor(() => expect(store.getSnapshot().state).toBe('active'), { timeout: 5_000 });
    expect(leave()).toBe(false);
    store.getSnapshot().instance!.draw('a');
    expect(leave()).toBe(true);
    await vi.waitFor(() => expect(world.engines.get('doc-1')!.annotations.has('a')).toBe(true)); // leaving started a save
    expect(leave()).toBe(false);
    store.getSnapshot().instance!.draw('b');
    store.unmount();
    await vi.waitFor(() => expect(world.live()).toHaveLength(0));
    expect(leave()).toBe(false);
  });
});
