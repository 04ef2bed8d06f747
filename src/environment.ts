/** Moments when timers may have been asleep (laptop lid, hidden tab) or the network came back. */
export type WakeCause = 'visible' | 'pageshow' | 'focus' | 'online';

/** The page environment the session watches; injectable so tests can play sleep and offline. */
export interface Environment {
  isOnline(): boolean;
  /** Calls `listener` on each wake moment; returns the unsubscribe function. */
  watch(listener: (cause: WakeCause) => void): () => void;
}

export interface BrowserGlobals {
  window?: Pick<EventTarget, 'addEventListener' | 'removeEventListener'>;
  document?: Pick<EventTarget, 'addEventListener' | 'removeEventListener'> & { visibilityState?: string };
  navigator?: { onLine?: boolean };
}

/** The real page: window focus/pageshow/online and document visibilitychange. Inert outside a browser. */
export function browserEnvironment(globals: BrowserGlobals = globalThis as BrowserGlobals): Environment {
  const { window: win, document: doc, navigator: nav } = globals;
  return {
    // `onLine === false` is reliable; `true` only means "maybe", so anything but false counts as online.
    isOnline: () => nav?.onLine !== false,
    watch(listener) {
      const onVisibility = () => {
        if (doc?.visibilityState !== 'hidden') listener('visible');
      };
      const onPageShow = () => listener('pageshow');
      const onFocus = () => listener('focus');
      const onOnline = () => listener('online');
      doc?.addEventListener('visibilitychange', onVisibility);
      win?.addEventListener('pageshow', onPageShow);
      win?.addEventListener('focus', onFocus);
      win?.addEventListener('online', onOnline);
      return () => {
        doc?.removeEventListener('visibilitychange', onVisibility);
        win?.removeEventListener('pageshow', onPageShow);
        win?.removeEventListener('focus', onFocus);
        win?.removeEventListener('online', onOnline);
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
