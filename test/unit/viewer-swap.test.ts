// @vitest-environment happy-dom
// The swap for SDKs without setSession, against a fake old SDK: the new viewer loads under the old
// one and replaces it once drawn, with the view carried over; changes are saved first and a change
// during the load starts over; a held pointer delays it; a failed load keeps the old viewer.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ViewerSwapError } from '../../src/errors/errors.js';
import type { ReplaceMethod } from '../../src/session/events.js';
import { ViewerReplacer } from '../../src/viewer/viewer-swap.js';
import { createFakeOldSdk, type FakeOldInstance } from '../support/fake-old-sdk.js';
import { host, useHostOnFakeTimers } from '../support/host-element.js';

useHostOnFakeTimers();
afterEach(() => {
  vi.unstubAllGlobals();
  delete (document as { hidden?: boolean }).hidden;
  delete (document as { visibilityState?: string }).visibilityState;
});

/**
 * Makes the tab hidden the way browsers do: `document.hidden`, a `visibilitychange` event, and no
 * animation frames at all until it is shown again (then the frames asked for meanwhile run).
 */
function hideTab() {
  let hidden = false;
  const frame = globalThis.requestAnimationFrame;
  const waiting: FrameRequestCallback[] = [];
  Object.defineProperty(document, 'hidden', { configurable: true, get: () => hidden });
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (hidden ? 'hidden' : 'visible') });
  vi.stubGlobal('requestAnimationFrame', (callback: FrameRequestCallback) => (hidden ? (waiting.push(callback), 0) : frame(callback)));
  const set = (value: boolean) => {
    hidden = value;
    document.dispatchEvent(new Event('visibilitychange'));
    if (!hidden) waiting.splice(0).forEach((callback) => frame(callback));
  };
  set(true);
  return { show: () => set(false), hide: () => set(true) };
}

async function setUp(method: ReplaceMethod = 'swap', latestStartAt = () => Date.now() + 60_000) {
  const sdk = createFakeOldSdk();
  const replacer = new ViewerReplacer({
    sdk: sdk as never,
    host,
    method,
    configure: (jwt) => ({ authPayload: { jwt } }),
    latestStartAt,
    currentJwt: () => 'first', // what loadViewer passes: the session's token, which the first viewer has
  });
  const loading = sdk.load({ container: replacer.container, authPayload: { jwt: 'first' } });
  await vi.advanceTimersByTimeAsync(1_000);
  const first = await loading;
  return { sdk, replacer, first };
}

const slots = () => host.querySelectorAll(':scope > [data-viewer-slot]');

describe('swap', () => {
  it('loads the new viewer in a second slot under the old one, carries the view over, then drops the old one', async () => {
    const { sdk, replacer, first } = await setUp();
    first.setViewState((state) => state.set('currentPageIndex', 2).set('zoom', 1.75).set('sidebarMode', 'THUMBNAILS'));
    const swapped = replacer.replace(first, 'second', new AbortController().signal);
    await vi.advanceTimersByTimeAsync(350);
    expect(slots()).toHaveLength(2); // both exist while the new one draws
    expect(first.unloaded).toBe(false);
    await vi.advanceTimersByTimeAsync(1_000);
    const next = (await swapped) as unknown as FakeOldInstance;
    expect(next.jwt).toBe('second');
    expect(next.viewState).toMatchObject({ currentPageIndex: 2, zoom: 1.75, sidebarMode: 'THUMBNAILS' });
    expect(first.unloaded).toBe(true);
    expect([...slots()]).toEqual([replacer.container]);
    expect(replacer.container.style.zIndex).toBe('1');
    expect(replacer.container.inert).toBe(false);
    expect(sdk.instances).toHaveLength(2);
  });

  it('saves unsaved changes before loading, and starts over when the user changes something while it loads', async () => {
    const { sdk, replacer, first } = await setUp();
    first.change();
    const swapped = replacer.replace(first, 'second', new AbortController().signal);
    await vi.advanceTimersByTimeAsync(0);
    expect(first.saves).toBe(1); // saved before the new viewer reads the document
    await vi.advanceTimersByTimeAsync(400); // the new viewer has loaded, not yet drawn
    first.change();
    await vi.advanceTimersByTimeAsync(3_000);
    const next = (await swapped) as unknown as FakeOldInstance;
    expect(first.saves).toBe(2);
    expect(sdk.instances).toHaveLength(3); // the one loaded before the change was dropped
    expect(sdk.instances[1]!.unloaded).toBe(true);
    expect(next).toBe(sdk.instances[2]);
    expect(slots()).toHaveLength(1);
  });

  it('a dropdown the user opened on the old viewer just before the switch: its late status timers, after the unload, throw nothing (issue 22 item 10)', async () => {
    const { sdk, replacer, first } = await setUp();
    const unload = sdk.unload;
    sdk.unload = (target) => {
      if (target === first) first.openDropdown(); // the user's last act on the old viewer
      return unload(target);
    };
    const swapped = replacer.replace(first, 'second', new AbortController().signal);
    await vi.advanceTimersByTimeAsync(3_000);
    expect(((await swapped) as unknown as FakeOldInstance).jwt).toBe('second');
    expect(first.unloaded).toBe(true);
    expect(first.statusWrites).toHaveLength(2); // both timers ran after the unload
  });

  // Rule swap-fresh-token. Seen on pspdfkit 2024.8.2: a swap that started over past its token's life loaded with that token, refused at /auth.
  it('a swap that starts over after its token ran out loads the new viewer with a fresh token (rule swap-fresh-token)', async () => {
    const { sdk, replacer, first } = await setUp();
    sdk.expiresAt.set('second', Date.now() + 4_000);
    const refresh = vi.fn(async () => ({ jwt: 'third', expiresAt: Date.now() + 60_000 }));
    const swapped = replacer.replace(first, 'second', new AbortController().signal, { expiresAt: Date.now() + 4_000, refresh });
    await vi.advanceTimersByTimeAsync(400); // the new viewer has loaded with 'second', not yet drawn
    expect(refresh).not.toHaveBeenCalled(); // 'second' had time enough then
    first.change();
    host.dispatchEvent(new Event('pointerdown', { bubbles: true })); // the user keeps drawing past the token's end
    await vi.advanceTimersByTimeAsync(6_000);
    window.dispatchEvent(new Event('pointerup'));
    await vi.advanceTimersByTimeAsync(3_000);
    const next = (await swapped) as unknown as FakeOldInstance;
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(sdk.instances.map((instance) => instance.jwt)).toEqual(['first', 'second', 'third']);
    expect(next.jwt).toBe('third');
    expect(slots()).toHaveLength(1);
  });

  it('a swap whose token has time enough keeps it after starting over', async () => {
    const { sdk, replacer, first } = await setUp();
    const refresh = vi.fn(async () => ({ jwt: 'third', expiresAt: Date.now() + 60_000 }));
    const swapped = replacer.replace(first, 'second', new AbortController().signal, { expiresAt: Date.now() + 60_000, refresh });
    await vi.advanceTimersByTimeAsync(400);
    first.change();
    await vi.advanceTimersByTimeAsync(3_000);
    expect(((await swapped) as unknown as FakeOldInstance).jwt).toBe('second');
    expect(refresh).not.toHaveBeenCalled();
    expect(sdk.instances).toHaveLength(3);
  });

  it('waits while a pointer is held down in the viewer, and goes ahead when it is released', async () => {
    const { replacer, first } = await setUp();
    host.dispatchEvent(new Event('pointerdown', { bubbles: true }));
    let done = false;
    void replacer.replace(first, 'second', new AbortController().signal).then(() => (done = true));
    await vi.advanceTimersByTimeAsync(5_000);
    expect(done).toBe(false);
    expect(first.unloaded).toBe(false);
    window.dispatchEvent(new Event('pointerup'));
    await vi.advanceTimersByTimeAsync(3_000);
    expect(done).toBe(true);
  });

  it('goes ahead mid-gesture once the token is about to run out', async () => {
    const { replacer, first } = await setUp('swap', () => Date.now() + 2_000);
    host.dispatchEvent(new Event('pointerdown', { bubbles: true }));
    let done = false;
    void replacer.replace(first, 'second', new AbortController().signal).then(() => (done = true));
    await vi.advanceTimersByTimeAsync(8_000); // (the freeze waits up to 1 s for the shape the release makes)
    expect(done).toBe(true);
  });

  it('a failed load is a ViewerSwapError; the old viewer stays, the extra slot goes', async () => {
    const { sdk, replacer, first } = await setUp();
    sdk.failNext = new Error('An error occurred while connecting to Nutrient Document Engine: Not Found');
    const swapped = replacer.replace(first, 'second', new AbortController().signal);
    const outcome = swapped.catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(await outcome).toBeInstanceOf(ViewerSwapError);
    expect(first.unloaded).toBe(false);
    expect([...slots()]).toEqual([replacer.container]);
  });

  it('an abort mid-swap rejects with its reason and leaves only the old viewer', async () => {
    const { replacer, first } = await setUp();
    const controller = new AbortController();
    const outcome = replacer.replace(first, 'second', controller.signal).catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(400);
    const reason = new Error('unloaded');
    controller.abort(reason);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(await outcome).toBe(reason);
    expect(first.unloaded).toBe(false);
    expect(slots()).toHaveLength(1);
  });
});

describe('hidden tab', () => {
  it('swaps in a hidden tab, where no animation frame comes: the new viewer is shown once loaded, without waiting for drawing or for the user to pause', async () => {
    const { sdk, replacer, first } = await setUp();
    // The user left mid-edit: the editor keeps focus while the tab is hidden.
    const editor = document.createElement('input');
    replacer.container.append(editor);
    editor.focus();
    hideTab();
    let next: FakeOldInstance | undefined;
    void replacer.replace(first, 'second', new AbortController().signal).then((instance) => (next = instance as unknown as FakeOldInstance));
    await vi.advanceTimersByTimeAsync(2_000); // the old token still has ~60 s: nothing may wait that long
    expect(next?.jwt).toBe('second');
    expect(first.unloaded).toBe(true);
    expect(next!.container).toBe(replacer.container);
    expect([...slots()]).toEqual([replacer.container]);
    expect(sdk.instances.filter((instance) => !instance.unloaded)).toEqual([next]);
  });

  it('goes ahead when the tab is hidden while the swap waits for the new viewer to draw', async () => {
    const { replacer, first } = await setUp();
    let next: FakeOldInstance | undefined;
    void replacer.replace(first, 'second', new AbortController().signal).then((instance) => (next = instance as unknown as FakeOldInstance));
    await vi.advanceTimersByTimeAsync(400); // loaded, not drawn
    hideTab();
    await vi.advanceTimersByTimeAsync(2_000);
    expect(next?.jwt).toBe('second');
    expect(first.unloaded).toBe(true);
  });

  it('reloads in a hidden tab', async () => {
    const { replacer, first } = await setUp('reload');
    hideTab();
    let next: FakeOldInstance | undefined;
    void replacer.replace(first, 'second', new AbortController().signal).then((instance) => (next = instance as unknown as FakeOldInstance));
    await vi.advanceTimersByTimeAsync(2_000);
    expect(next?.jwt).toBe('second');
  });

  it('never shows an undrawn viewer when the tab becomes visible mid-swap, whenever that happens', async () => {
    // Shown after each of the swap's timers in turn (load, the view's restore, ...): before the new
    // viewer loaded, after its drawing was skipped for the hidden tab but before the switch, after it.
    for (let shownAfter = 0; shownAfter < 5; shownAfter++) {
      const { sdk, replacer, first } = await setUp();
      const tab = hideTab();
      const seenAtSwitch: boolean[] = [];
      const unload = sdk.unload;
      sdk.unload = (target: unknown) => {
        const next = sdk.instances.at(-1)!;
        if (target === first && !document.hidden) seenAtSwitch.push(next.contentDocument.querySelector('img') !== null);
        return unload(target);
      };
      const swapped = replacer.replace(first, 'second', new AbortController().signal);
      for (let timer = 0; timer < shownAfter; timer++) await vi.advanceTimersToNextTimerAsync();
      tab.show();
      await vi.advanceTimersByTimeAsync(3_000);
      expect(((await swapped) as unknown as FakeOldInstance).jwt).toBe('second');
      expect(seenAtSwitch.every(Boolean), `shown after ${shownAfter} timers`).toBe(true);
      vi.unstubAllGlobals();
      replacer.dispose();
      host.replaceChildren();
    }
  });
  it('a tab shown between the skipped wait for drawing and the switch waits for drawing after all', async () => {
    const { sdk, replacer, first } = await setUp();
    const tab = hideTab();
    const load = sdk.load;
    sdk.load = async (config) => {
      const instance = await load(config);
      // The view is put on the new viewer before and after the wait for drawing: show the tab at the second.
      let views = 0;
      const setViewState = instance.setViewState.bind(instance);
      instance.setViewState = (update) => {
        if (++views === 2) tab.show();
        setViewState(update);
      };
      return instance;
    };
    let drawnAtSwitch: boolean | undefined;
    const unload = sdk.unload;
    sdk.unload = (target: unknown) => {
      if (target === first) drawnAtSwitch = sdk.instances.at(-1)!.contentDocument.querySelector('img') !== null;
      return unload(target);
    };
    const swapped = replacer.replace(first, 'second', new AbortController().signal);
    await vi.advanceTimersByTimeAsync(3_000);
    expect(((await swapped) as unknown as FakeOldInstance).jwt).toBe('second');
    expect(document.hidden).toBe(false);
    expect(drawnAtSwitch).toBe(true);
  });
});

describe('replacements in a row', () => {
  for (const method of ['swap', 'reload'] as const) {
    it(`${method}: a replace queued behind another replaces the viewer that one left, not the stale one it was given`, async () => {
      const { sdk, replacer, first } = await setUp(method);
      const signal = new AbortController().signal;
      // Both callers hold `first`: the second token arrived (another tab) while the first swap ran.
      const one = replacer.replace(first, 'second', signal);
      const two = replacer.replace(first, 'third', signal);
      const outcomes = Promise.allSettled([one, two]);
      await vi.advanceTimersByTimeAsync(5_000);
      const [a, b] = await outcomes;
      expect(a.status).toBe('fulfilled');
      expect(b.status).toBe('fulfilled');
      const last = (b as PromiseFulfilledResult<FakeOldInstance>).value;
      expect(last.jwt).toBe('third');
      expect(sdk.instances.filter((instance) => !instance.unloaded)).toEqual([last]);
      expect([...slots()]).toEqual([replacer.container]);
      expect(last.container).toBe(replacer.container);
    });
  }
});

describe('reload', () => {
  it('unloads first and loads again in the same slot: one viewer at a time, view restored', async () => {
    const { sdk, replacer, first } = await setUp('reload');
    first.setViewState((state) => state.set('currentPageIndex', 1));
    const slot = replacer.container;
    const reloaded = replacer.replace(first, 'second', new AbortController().signal);
    await vi.advanceTimersByTimeAsync(0);
    expect(first.unloaded).toBe(true);
    await vi.advanceTimersByTimeAsync(1_000);
    const next = (await reloaded) as unknown as FakeOldInstance;
    expect(next.container).toBe(slot);
    expect(next.viewState.currentPageIndex).toBe(1);
    expect(sdk.instances.filter((instance) => !instance.unloaded)).toHaveLength(1);
  });

  it('a failed reload loads the viewer again with the token it had, and rejects naming that viewer', async () => {
    const { sdk, replacer, first } = await setUp('reload');
    first.setViewState((state) => state.set('currentPageIndex', 3));
    sdk.failNext = new Error('An error occurred while connecting to Nutrient Document Engine: Bad Gateway');
    const outcome = replacer.replace(first, 'second', new AbortController().signal).catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(2_000);
    const error = (await outcome) as ViewerSwapError & { instance?: FakeOldInstance };
    expect(error).toBeInstanceOf(ViewerSwapError); // reported, and the session keeps the old token
    const mounted = sdk.instances.filter((instance) => !instance.unloaded);
    expect(mounted).toHaveLength(1); // the page is not left without a viewer
    expect(mounted[0]!.jwt).toBe('first');
    expect(mounted[0]!.container).toBe(replacer.container);
    expect(mounted[0]!.viewState.currentPageIndex).toBe(3);
    expect(error.instance).toBe(mounted[0]); // the viewer the session must hold now
    expect(error.message).not.toContain('first');
  });

  it('after a failed reload, the next one replaces the viewer loaded again (the caller may still hold the unloaded one)', async () => {
    const { sdk, replacer, first } = await setUp('reload');
    sdk.failNext = new Error('An error occurred while connecting to Nutrient Document Engine: Bad Gateway');
    const failed = replacer.replace(first, 'second', new AbortController().signal).catch(() => {});
    await vi.advanceTimersByTimeAsync(2_000);
    await failed;
    const reloaded = replacer.replace(first, 'third', new AbortController().signal);
    await vi.advanceTimersByTimeAsync(2_000);
    const next = (await reloaded) as unknown as FakeOldInstance;
    expect(next.jwt).toBe('third');
    expect(sdk.instances.filter((instance) => !instance.unloaded)).toEqual([next]);
  });

  it('when the old token is refused too, the error says no viewer is mounted and the next reload loads one', async () => {
    const { sdk, replacer, first } = await setUp('reload');
    const refused = new Error('An error occurred while connecting to Nutrient Document Engine: Token has expired');
    sdk.failNext = [new Error('An error occurred while connecting to Nutrient Document Engine: Bad Gateway'), refused];
    const outcome = replacer.replace(first, 'second', new AbortController().signal).catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(2_000);
    const error = (await outcome) as ViewerSwapError & { instance?: unknown };
    expect(error).toBeInstanceOf(ViewerSwapError);
    expect(error.instance).toBeUndefined();
    expect(error.message).toMatch(/none is mounted/);
    expect(sdk.instances.filter((instance) => !instance.unloaded)).toHaveLength(0);
    const reloaded = replacer.replace(first, 'third', new AbortController().signal);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(((await reloaded) as unknown as FakeOldInstance).jwt).toBe('third');
  });

  it('an abort mid-reload (the session was unloaded) rejects with its reason and leaves no viewer mounted', async () => {
    const { sdk, replacer, first } = await setUp('reload');
    const controller = new AbortController();
    const outcome = replacer.replace(first, 'second', controller.signal).catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(100); // loading
    const reason = new Error('unloaded');
    controller.abort(reason);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(await outcome).toBe(reason);
    expect(sdk.instances.filter((instance) => !instance.unloaded)).toHaveLength(0);
  });
});
