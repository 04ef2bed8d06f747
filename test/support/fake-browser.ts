import type { BrowserGlobals } from '../../src/session/environment.js';

/** EventTargets standing in for window, document and navigator, counting live listeners. */
export function fakeBrowser({ online = true }: { online?: boolean } = {}) {
  let live = 0;
  const counted = <T extends EventTarget>(target: T): T => {
    const add = target.addEventListener.bind(target);
    const remove = target.removeEventListener.bind(target);
    const seen = new Set<unknown>();
    target.addEventListener = (type: string, listener: EventListenerOrEventListenerObject | null, options?: AddEventListenerOptions | boolean) => {
      if (listener && !seen.has(listener)) {
        seen.add(listener);
        live++;
      }
      add(type, listener, options);
    };
    target.removeEventListener = (type: string, listener: EventListenerOrEventListenerObject | null, options?: EventListenerOptions | boolean) => {
      if (listener && seen.delete(listener)) live--;
      remove(type, listener, options);
    };
    return target;
  };
  const window = counted(new EventTarget());
  const document = Object.assign(counted(new EventTarget()), { visibilityState: 'visible' });
  const navigator = { onLine: online };
  return {
    window,
    document,
    navigator,
    globals: { window, document, navigator } satisfies BrowserGlobals,
    listenerCount: () => live,
    hide() {
      document.visibilityState = 'hidden';
      document.dispatchEvent(new Event('visibilitychange'));
    },
    show() {
      document.visibilityState = 'visible';
      document.dispatchEvent(new Event('visibilitychange'));
    },
    goOffline() {
      navigator.onLine = false;
      window.dispatchEvent(new Event('offline'));
    },
    goOnline() {
      navigator.onLine = true;
      window.dispatchEvent(new Event('online'));
    },
  };
}
