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
