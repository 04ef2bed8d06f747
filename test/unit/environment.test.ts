import { describe, expect, it, vi } from 'vitest';
import { browserEnvironment, waitUntilOnline } from '../../src/session/environment.js';
import { fakeBrowser } from '../support/fake-browser.js';
import { INPUT_PAUSE_MS } from '../../src/policy/renewal-policy.js';

describe('browserEnvironment', () => {
  it('reports visible/pageshow/focus/online wake-ups, not hiding, and removes every listener', () => {
    const browser = fakeBrowser();
    const env = browserEnvironment(browser.globals);
    const causes: string[] = [];
    const stop = env.watch((cause) => causes.push(cause));
    expect(browser.listenerCount()).toBe(6); // and offline, for the online status, and one for user input
    browser.hide();
    browser.show();
    browser.window.dispatchEvent(new Event('pageshow'));
    browser.window.dispatchEvent(new Event('focus'));
    browser.goOnline();
    expect(causes).toEqual(['visible', 'pageshow', 'focus', 'online']);
    stop();
    expect(browser.listenerCount()).toBe(0);
  });

  it('reports the first user input after a pause (a sleep may hide in it), and no input closer than that', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const browser = fakeBrowser();
      const env = browserEnvironment(browser.globals);
      const causes: string[] = [];
      const stop = env.watch((cause) => causes.push(cause));
      const input = (type: string) => browser.window.dispatchEvent(new Event(type));
      vi.setSystemTime(Date.now() + INPUT_PAUSE_MS - 1);
      input('pointermove'); // the user was at the page moments ago: nothing to check
      expect(causes).toEqual([]);
      for (const type of ['pointermove', 'pointerdown', 'keydown', 'wheel', 'touchstart']) {
        vi.setSystemTime(Date.now() + INPUT_PAUSE_MS); // the lid was closed, say, and no wake event came
        input(type);
        input(type); // the next event of the same gesture costs nothing
      }
      expect(causes).toEqual(['input', 'input', 'input', 'input', 'input']);
      stop();
      vi.setSystemTime(Date.now() + 10 * INPUT_PAUSE_MS);
      input('pointermove');
      expect(causes).toHaveLength(5);
      expect(browser.listenerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it('is inert and online outside a browser', () => {
    const env = browserEnvironment({});
    expect(env.isOnline()).toBe(true);
    expect(() => env.watch(() => {})()).not.toThrow();
  });

  it('starts online and follows online/offline events, not navigator.onLine (Chromium lies)', () => {
    const browser = fakeBrowser({ online: false });
    const env = browserEnvironment(browser.globals);
    const stop = env.watch(() => {});
    expect(env.isOnline()).toBe(true);
    browser.goOffline();
    expect(env.isOnline()).toBe(false);
    browser.navigator.onLine = true; // no event: still offline as far as we know
    expect(env.isOnline()).toBe(false);
    browser.goOnline();
    expect(env.isOnline()).toBe(true);
    stop();
  });

  it('waitUntilOnline resolves on the online event and can be aborted', async () => {
    const browser = fakeBrowser();
    const env = browserEnvironment(browser.globals);
    const stopWatching = env.watch(() => {});
    browser.goOffline();
    const resolved = vi.fn();
    const waiting = waitUntilOnline(env, new AbortController().signal).then(resolved);
    browser.window.dispatchEvent(new Event('focus')); // still offline: keep waiting
    await Promise.resolve();
    expect(resolved).not.toHaveBeenCalled();
    browser.goOnline();
    await waiting;
    expect(resolved).toHaveBeenCalled();
    expect(browser.listenerCount()).toBe(6); // only the first watcher's

    browser.goOffline();
    const controller = new AbortController();
    const aborted = waitUntilOnline(env, controller.signal);
    controller.abort(new Error('unloaded'));
    await expect(aborted).rejects.toThrow('unloaded');
    stopWatching();
    expect(browser.listenerCount()).toBe(0);
  });
});
