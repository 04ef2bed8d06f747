// @vitest-environment happy-dom
// The Angular adapter in a zoneless Angular injector (no zone.js, no compiler): nothing loads
// before the first render, the snapshot is a signal, a change of documentId (a signal read in the
// options) switches the viewer, other changes do not, and the injector's end unloads everything.
import {
  ApplicationRef,
  createEnvironmentInjector,
  createPlatformFactory,
  platformCore,
  provideZonelessChangeDetection,
  runInInjectionContext,
  signal,
  ɵINJECTOR_SCOPE as INJECTOR_SCOPE,
  type EnvironmentInjector,
} from '@angular/core';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { injectOwnLoadSession, injectViewerSession } from '../../src/angular/index.js';
import { adapterWorld, settleFor } from '../support/adapter-world.js';
import type { FakeInstance } from '../support/fake-sdk.js';

const platform = createPlatformFactory(platformCore, 'unit', [])();
afterAll(() => platform.destroy());

/** A zoneless app's root injector: effects and afterNextRender run when `render()` ticks. */
function angularApp(): { injector: EnvironmentInjector; render: () => void } {
  const injector = createEnvironmentInjector([provideZonelessChangeDetection(), { provide: INJECTOR_SCOPE, useValue: 'root' }], platform.injector as EnvironmentInjector);
  return { injector, render: () => injector.get(ApplicationRef).tick() };
}

function setup() {
  const world = adapterWorld();
  const app = angularApp();
  const documentId = signal('doc-1');
  const toolbar = signal<string[]>([]);
  const element = document.body.appendChild(document.createElement('div'));
  const snapshot = runInInjectionContext(app.injector, () =>
    injectViewerSession<FakeInstance>(
      () => ({
        serverUrl: 'http://engine.test/',
        documentId: documentId(),
        refresh: world.refreshFor(documentId()),
        sdk: world.sdk as never,
        environment: world.environment,
        toolbarItems: toolbar() as never,
      }),
      () => element,
    ),
  );
  return { world, app, documentId, toolbar, snapshot };
}

describe('injectViewerSession (Angular)', () => {
  it('loads after the first render, with the document\'s base URL as baseUrl, and the snapshot signal follows the session', async () => {
    const { world, app, snapshot } = setup();
    const load = vi.spyOn(world.sdk, 'load');
    expect(world.log).toEqual([]);
    app.render();
    await vi.waitFor(() => expect(snapshot().state).toBe('active'), { timeout: 5_000 });
    expect(snapshot().instance).toBe(world.live()[0]);
    expect(load.mock.calls[0]![0]).toMatchObject({ baseUrl: new URL('./', document.baseURI).href });
    app.injector.destroy();
  });

  it('never loads on the server (Angular\'s ngServerMode: no render hooks there)', async () => {
    vi.stubGlobal('ngServerMode', true);
    try {
      const { world, app } = setup();
      app.render();
      await settleFor(100);
      expect(world.log).toEqual([]);
      app.injector.destroy();
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('a documentId change switches the viewer; another option does not reload it', async () => {
    const { world, app, documentId, toolbar, snapshot } = setup();
    app.render();
    await vi.waitFor(() => expect(snapshot().state).toBe('active'), { timeout: 5_000 });
    toolbar.set(['zoom-in']);
    app.render();
    await settleFor(50);
    expect(world.log).toEqual(['load doc-1']);
    documentId.set('doc-2');
    app.render();
    await vi.waitFor(() => expect(world.log).toEqual(['load doc-1', 'unload doc-1', 'load doc-2']), { timeout: 5_000 });
    await vi.waitFor(() => expect(snapshot().state).toBe('active'), { timeout: 5_000 });
    expect(world.live()).toHaveLength(1);
    app.injector.destroy();
  });

  it('the injector\'s end (DestroyRef) unloads the viewer, or cancels its load, and no token lands after', async () => {
    for (const loaded of [true, false]) {
      const { world, app, snapshot } = setup();
      app.render();
      if (loaded) await vi.waitFor(() => expect(snapshot().state).toBe('active'), { timeout: 5_000 });
      app.injector.destroy();
      world.unmounted();
      await settleFor(100);
      expect(world.live()).toHaveLength(0);
      expect(world.tokensLandedAfterUnmount()).toBe(0);
      expect(snapshot().state).toBe('unloaded');
    }
  });
});

describe('injectOwnLoadSession (Angular, your own NutrientViewer.load)', () => {
  it('open() unloads the session opened before; the injector\'s end unloads the last one', async () => {
    const world = adapterWorld();
    const app = angularApp();
    const sessions = runInInjectionContext(app.injector, () => injectOwnLoadSession<FakeInstance>());
    const first = sessions.open({ documentId: 'doc-1', refresh: world.refreshFor('doc-1'), environment: world.environment });
    const second = sessions.open({ documentId: 'doc-1', refresh: world.refreshFor('doc-1'), environment: world.environment });
    expect(first.state).toBe('unloaded');
    expect(second.state).not.toBe('unloaded');
    app.injector.destroy();
    expect(second.state).toBe('unloaded');
  });

  it('outside an injection context it says so instead of leaking a session', () => {
    expect(() => injectOwnLoadSession()).toThrow(/injection context/);
    expect(() => injectViewerSession(() => ({ serverUrl: 'x', documentId: 'd', refresh: 'r' }), () => undefined)).toThrow(/injection context/);
  });
});
