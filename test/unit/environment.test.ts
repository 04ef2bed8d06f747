import { describe, expect, it, vi } from 'vitest';
import { browserEnvironment, waitUntilOnline } from '../../src/session/environment.js';
import { fakeBrowser } from '../support/fake-browser.js';

describe('browserEnvironment', () => {
  it('reports visible/pageshow/focus/online wake-ups, not hiding, and removes every listener', () => {
    const browser = fakeBrowser();
    const env = browserEnvironment(browser.globals);
    const causes: string[] = [];
    const stop = env.watch((cause) => causes.push(cause));
    expect(browser.listenerCount()).toBe(5); // and offline, for the online status
    browser.hide();
    browser.show();
    browser.window.dispatchEvent(new Event('pageshow'));
    browser.window.dispatchEvent(new Event('focus'));
    browser.goOnline();
    expect(causes).toEqual(['visible', 'pageshow', 'focus', 'online']);
    stop();
    expect(browser.listenerCount()).toBe(0);
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
    expect(browser.listenerCount()).toBe(5); // only the first watcher's

    browser.goOffline();
    const controller = new AbortController();
    const aborted = waitUntilOnline(env, controller.signal);
    controller.abort(new Error('unloaded'));
    await expect(aborted).rejects.toThrow('unloaded');
    stopWatching();
    expect(browser.listenerCount()).toBe(0);
  });
});
