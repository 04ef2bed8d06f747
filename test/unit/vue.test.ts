// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest';
import { createApp, defineComponent, h, nextTick, ref, type Ref } from 'vue';
import { useViewerSession } from '../../src/vue/index.js';
import type { ViewerSnapshot } from '../../src/viewer/viewer-store.js';
import { adapterWorld, settleFor } from '../support/adapter-world.js';
import type { FakeInstance } from '../support/fake-sdk.js';

const rejections: unknown[] = [];
process.on('unhandledRejection', (reason) => rejections.push(reason));

function setup() {
  const world = adapterWorld();
  const documentId = ref('doc-1');
  let snapshot!: Readonly<Ref<ViewerSnapshot<FakeInstance>>>;
  const Viewer = defineComponent({
    setup() {
      const container = ref<HTMLElement | null>(null);
      snapshot = useViewerSession<FakeInstance>(
        () => ({
          serverUrl: 'http://engine.test/',
          documentId: documentId.value,
          refresh: world.refreshFor(documentId.value),
          sdk: world.sdk as never,
          environment: world.environment,
        }),
        container,
      );
      return () => h('div', { ref: container, 'data-state': snapshot.value.state });
    },
  });
  const mount = () => {
    const host = document.createElement('div');
    document.body.appendChild(host);
    const app = createApp(Viewer);
    app.mount(host);
    return app;
  };
  return { world, documentId, mount, state: () => snapshot.value };
}

describe('useViewerSession (Vue)', () => {
  it('loads into the template ref and exposes a reactive snapshot', async () => {
    const { world, mount, state } = setup();
    const app = mount();
    await vi.waitFor(() => expect(state().state).toBe('active'), { timeout: 5_000 });
    expect(world.live()).toHaveLength(1);
    expect(state().instance).toBe(world.live()[0]);
    expect(state().diagnose()).toMatchObject({ state: 'active', handOver: 'setSession', token: { source: 'this-tab' } });
    await nextTick();
    expect(document.querySelector('[data-state]')!.getAttribute('data-state')).toBe('active');
    app.unmount();
    expect(world.live()).toHaveLength(0);
  });

  it('mount, unmount, mount in quick succession: one viewer; after the final unmount none and no token lands', async () => {
    const { world, mount } = setup();
    mount().unmount();
    const app = mount();
    await vi.waitFor(() => expect(world.live()).toHaveLength(1), { timeout: 5_000 });
    await settleFor(100);
    expect(world.live()).toHaveLength(1);
    app.unmount();
    world.unmounted();
    const started = world.tokens.started;
    await settleFor(200);
    expect(world.live()).toHaveLength(0);
    expect(world.tokens.started).toBe(started);
    expect(world.tokensLandedAfterUnmount()).toBe(0);
    expect(rejections).toEqual([]);
  });

  it('a documentId change unloads the old viewer before loading the new one', async () => {
    const { world, documentId, mount, state } = setup();
    const app = mount();
    await vi.waitFor(() => expect(state().state).toBe('active'), { timeout: 5_000 });
    world.log.length = 0;
    documentId.value = 'doc-2';
    await vi.waitFor(() => expect(state().instance?.container).toBeDefined(), { timeout: 5_000 });
    await vi.waitFor(() => expect(world.log).toContain('load doc-2'), { timeout: 5_000 });
    await vi.waitFor(() => expect(state().state).toBe('active'), { timeout: 5_000 });
    expect(world.log[0]).toBe('unload doc-1');
    expect(world.live()).toHaveLength(1);
    app.unmount();
    expect(world.live()).toHaveLength(0);
    expect(rejections).toEqual([]);
  });
});

describe('useViewerSession (Vue) with a container behind v-if', () => {
  function lateSetup() {
    const world = adapterWorld();
    const shown = ref(false);
    let snapshot!: Readonly<Ref<ViewerSnapshot<FakeInstance>>>;
    const Tabs = defineComponent({
      setup() {
        const container = ref<HTMLElement | null>(null);
        snapshot = useViewerSession<FakeInstance>(
          () => ({ serverUrl: 'http://engine.test/', documentId: 'doc-1', refresh: world.refreshFor('doc-1'), sdk: world.sdk as never, environment: world.environment }),
          container,
        );
        return () => h('section', null, shown.value ? [h('div', { ref: container, 'data-state': snapshot.value.state })] : []);
      },
    });
    const host = document.createElement('div');
    document.body.appendChild(host);
    const app = createApp(Tabs);
    app.mount(host);
    return { world, shown, app, state: () => snapshot.value };
  }

  it('loads once the container is rendered, unloads when it goes, and loads again into the new one', async () => {
    const { world, shown, app, state } = lateSetup();
    await settleFor(50);
    expect(state().state).toBe('starting');
    expect(world.log).toEqual([]);
    shown.value = true;
    await vi.waitFor(() => expect(state().state).toBe('active'), { timeout: 5_000 });
    expect(world.live()).toHaveLength(1);
    expect(world.live()[0]!.container).toBe(document.querySelector('[data-state]'));
    shown.value = false;
    await vi.waitFor(() => expect(world.live()).toHaveLength(0), { timeout: 5_000 });
    shown.value = true;
    await vi.waitFor(() => expect(state().state).toBe('active'), { timeout: 5_000 });
    expect(world.live()).toHaveLength(1);
    expect(world.live()[0]!.container).toBe(document.querySelector('[data-state]'));
    app.unmount();
    expect(world.live()).toHaveLength(0);
    expect(rejections).toEqual([]);
  });
});
