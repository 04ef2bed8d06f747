/** setTimeout overflows above 2^31-1 ms and fires at once; longer waits are chained. */
export const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/**
 * Calls `callback` once `msLeft()` reaches 0. Timers sleep with the machine and no browser promises
 * a wake event, so the wait is cut into steps of at most `checkEveryMs`, each re-reading `msLeft()`:
 * a sleep or a clock jump is noticed within one step. Returns a cancel function.
 */
export function whenDue(msLeft: () => number, callback: () => void, checkEveryMs = MAX_TIMEOUT_MS): () => void {
  let handle: ReturnType<typeof setTimeout> | undefined;
  const arm = (wait: number) => {
    handle = setTimeout(check, Math.min(Math.max(wait, 0), checkEveryMs, MAX_TIMEOUT_MS));
  };
  const check = () => {
    const wait = msLeft();
    if (wait > 0) return arm(wait);
    handle = undefined;
    callback();
  };
  arm(msLeft());
  return () => {
    if (handle !== undefined) clearTimeout(handle);
    handle = undefined;
  };
}

/** Settles as `work` does, or with `late` once `ms` have passed first; the timer is cleared either way. */
export async function within<T, L>(work: Promise<T>, ms: number, late: L): Promise<T | L> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<L>((resolve) => (timer = setTimeout(() => resolve(late), ms)));
  try {
    return await Promise.race([work, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

/** Resolves after `ms`, or rejects with the signal's reason when it aborts first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(handle);
      reject(signal!.reason);
    };
    const handle = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, Math.max(0, ms));
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export interface PollOptions {
  /** How often to look, in ms. */
  everyMs: number;
  /** `Date.now()` ms at which to stop waiting and resolve anyway. */
  latestAt: number;
  signal: AbortSignal;
  /** Lets events prompt a look between polls: registers `look`, returns how to unregister it. */
  listen?: (look: () => void) => () => void;
}

/**
 * Resolves once `ready()` is true, looking at once, then every `everyMs` and whenever `listen`
 * prompts; or at `latestAt` anyway. Rejects with the signal's reason on abort. For page conditions
 * that have no event of their own (a viewer drawn, an editor removed while focused).
 */
export function pollUntil(ready: () => boolean, { everyMs, latestAt, signal, listen }: PollOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    let unlisten: (() => void) | undefined;
    const settle = (how: () => void) => () => {
      clearInterval(poll);
      clearTimeout(deadline);
      unlisten?.();
      signal.removeEventListener('abort', aborted);
      how();
    };
    const finish = settle(resolve);
    const aborted = settle(() => reject(signal.reason));
    const look = () => {
      if (ready()) finish();
    };
    const poll = setInterval(look, everyMs);
    const deadline = setTimeout(finish, Math.max(0, latestAt - Date.now()));
    signal.addEventListener('abort', aborted, { once: true });
    unlisten = listen?.(look);
    look();
  });
}
