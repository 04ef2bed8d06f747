import { isInputAfterPause } from '../policy/renewal-policy.js';
import type { VisibilitySource } from '../viewer/page-visibility.js';
/**
 * Moments when timers may have been asleep (laptop lid, hidden tab) or the network came back.
 * `input`: the first pointer, key, wheel or touch input after a pause (`INPUT_PAUSE_MS`), the one
 * sign of a wake that every browser gives, wake event or not.
 */
export type WakeCause = 'visible' | 'pageshow' | 'focus' | 'online' | 'input';

/** The user inputs that come before a viewer's request (paging, zooming, scrolling, typing). */
const INPUT_EVENTS = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'touchstart'] as const;

/** The page environment the session watches; injectable so tests can play sleep and offline. */
export interface Environment {
  /** A hint only: true unless an `offline` event came after the last `online` one. */
  isOnline(): boolean;
  /** Calls `listener` on each wake moment; returns the unsubscribe function. */
  watch(listener: (cause: WakeCause) => void): () => void;
  /** Whether the page is shown: a visible tab renews a shared token first. Default: visible. */
  isVisible?(): boolean;
  /** What the swap (SDKs without setSession) watches for the page being hidden; default: the document. */
  visibility?: VisibilitySource | undefined;
}

export interface BrowserGlobals {
  window?: Pick<EventTarget, 'addEventListener' | 'removeEventListener'>;
  document?: Pick<EventTarget, 'addEventListener' | 'removeEventListener'> & { visibilityState?: string };
  navigator?: { onLine?: boolean };
}

/**
 * The real page: window focus/pageshow/online/offline, document visibilitychange, and the first user
 * input after a pause (listened to on window in the capture phase, passive: it runs before the
 * viewer's own handlers, and so before the request the input leads to). Inert outside a browser.
 * No timer: an idle or hidden page costs nothing here. Online status starts true and follows the events only: Chromium's `navigator.onLine`
 * reports false while the network works (TanStack Query v5 stopped reading it for that reason).
 */
export function browserEnvironment(globals: BrowserGlobals = globalThis as BrowserGlobals): Environment {
  const { window: win, document: doc } = globals;
  let online = true;
  return {
    visibility: doc,
    isOnline: () => online,
    isVisible: () => doc?.visibilityState !== 'hidden',
    watch(listener) {
      const onVisibility = () => {
        if (doc?.visibilityState !== 'hidden') listener('visible');
      };
      const onPageShow = () => listener('pageshow');
      const onFocus = () => listener('focus');
      const onOnline = () => {
        online = true;
        listener('online');
      };
      const onOffline = () => {
        online = false;
      };
      let lastInputAt = Date.now();
      const onInput = () => {
        const now = Date.now();
        const afterPause = isInputAfterPause(lastInputAt, now);
        lastInputAt = now;
        if (afterPause) listener('input');
      };
      const inputOptions = { capture: true, passive: true };
      doc?.addEventListener('visibilitychange', onVisibility);
      win?.addEventListener('pageshow', onPageShow);
      win?.addEventListener('focus', onFocus);
      win?.addEventListener('online', onOnline);
      win?.addEventListener('offline', onOffline);
      for (const type of INPUT_EVENTS) win?.addEventListener(type, onInput, inputOptions);
      return () => {
        doc?.removeEventListener('visibilitychange', onVisibility);
        win?.removeEventListener('pageshow', onPageShow);
        win?.removeEventListener('focus', onFocus);
        win?.removeEventListener('online', onOnline);
        win?.removeEventListener('offline', onOffline);
        for (const type of INPUT_EVENTS) win?.removeEventListener(type, onInput, inputOptions);
      };
    },
  };
}

/** Resolves once the environment is online; rejects when `signal` aborts first. */
export function waitUntilOnline(env: Environment, signal: AbortSignal): Promise<void> {
  if (env.isOnline()) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const done = () => {
      unwatch();
      signal.removeEventListener('abort', onAbort);
    };
    const onAbort = () => {
      done();
      reject(signal.reason);
    };
    const unwatch = env.watch(() => {
      if (!env.isOnline()) return;
      done();
      resolve();
    });
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
