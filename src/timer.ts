/** setTimeout overflows above 2^31-1 ms and fires at once; longer waits are chained. */
export const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/** Calls `callback` once `Date.now()` reaches `at`. Returns a cancel function. */
export function setTimerAt(at: number, callback: () => void): () => void {
  let handle: ReturnType<typeof setTimeout> | undefined;
  const arm = () => {
    const wait = at - Date.now();
    if (wait <= 0) {
      handle = undefined;
      callback();
      return;
    }
    // Re-checking the wall clock on every wake keeps a long wait exact across chained timers.
    handle = setTimeout(arm, Math.min(wait, MAX_TIMEOUT_MS));
  };
  handle = setTimeout(arm, Math.min(Math.max(at - Date.now(), 0), MAX_TIMEOUT_MS));
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
