// The SDK's unload cancels its requests in flight with a bare `abort()`, and one of them is not
// caught: the page gets an unhandled `AbortError` with the browser's no-reason message ("signal is
// aborted without reason" in Chromium; docs/sdk-behaviour.md, "Unload noise"). Right after an unload
// of ours, that exact rejection is the SDK cleaning up, not the app failing: it is marked handled
// (no console error) and stopped, so listeners added after ours never get it. A reporter that
// listened before the unload still gets the event, with `defaultPrevented` set (README,
// Troubleshooting). Any other rejection passes untouched. When the window has passed, the
// listener is removed: nothing of ours stays on `window`.

/** Long enough for the cancelled fetches to settle on a busy machine; short enough to hide nothing else. */
export const UNLOAD_NOISE_WINDOW_MS = 3000;

/** The browser's own wording for `abort()` without a reason ("signal is aborted without reason" in Chromium). */
let bareAbortMessage: string | undefined;
function messageOfBareAbort(): string {
  if (bareAbortMessage === undefined) {
    const controller = new AbortController();
    controller.abort();
    bareAbortMessage = String((controller.signal.reason as Error | undefined)?.message);
  }
  return bareAbortMessage;
}

let quietUntil = 0;
let listening: EventTarget | undefined;
let closing: ReturnType<typeof setTimeout> | undefined;

/** Whether `reason` is the SDK's cancelled-request rejection (a `DOMException` from `abort()` with no reason). */
export function isUnloadAbortNoise(reason: unknown): boolean {
  return (
    typeof DOMException === 'function' &&
    reason instanceof DOMException &&
    reason.name === 'AbortError' &&
    reason.message === messageOfBareAbort()
  );
}

function onUnhandledRejection(event: Event): void {
  if (performance.now() > quietUntil) return;
  if (!isUnloadAbortNoise((event as PromiseRejectionEvent).reason)) return;
  event.preventDefault();
  event.stopImmediatePropagation();
}

function stopListening(): void {
  clearTimeout(closing);
  closing = undefined;
  listening?.removeEventListener('unhandledrejection', onUnhandledRejection, { capture: true });
  listening = undefined;
}

/**
 * Call right before the library unloads a viewer (or cancels its load): for the next few seconds,
 * the SDK's cancelled requests do not show as unhandled rejections. One listener, however many
 * unloads; it is removed when the last unload's window has passed, so nothing stays on the page.
 */
export function quietUnloadNoise(target: EventTarget | undefined = globalThis.window): void {
  if (!target) return; // not in a browser: nothing to report the rejections to
  quietUntil = performance.now() + UNLOAD_NOISE_WINDOW_MS;
  if (listening !== target) {
    stopListening();
    target.addEventListener('unhandledrejection', onUnhandledRejection, { capture: true });
    listening = target;
  }
  clearTimeout(closing);
  closing = setTimeout(stopListening, UNLOAD_NOISE_WINDOW_MS);
}
