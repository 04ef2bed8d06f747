// The `confirmLeave` option: while the user's changes are not saved, the browser asks before the
// page is left (closed, reloaded, navigated away). The browser shows its own words; a page cannot
// choose them. A save starts at the same time, so staying a moment is often enough.

/** The part of `window` the guard uses; a test passes its own. */
export interface LeaveTarget {
  addEventListener(type: 'beforeunload', listener: (event: Event) => void): void;
  removeEventListener(type: 'beforeunload', listener: (event: Event) => void): void;
}

/**
 * Asks the browser to confirm leaving while `pending()` counts changes; calls `save()` then too.
 * Returns the function that removes the guard. Without a window (SSR) it does nothing.
 */
export function guardLeaving(pending: () => number, save: () => void, target: LeaveTarget | undefined = pageWindow()): () => void {
  if (!target) return () => {};
  const listener = (event: Event) => {
    if (pending() === 0) return;
    save();
    event.preventDefault();
    // Older Chromium and Safari ask only when returnValue is set.
    (event as BeforeUnloadEvent).returnValue = '';
  };
  target.addEventListener('beforeunload', listener);
  return () => target.removeEventListener('beforeunload', listener);
}

function pageWindow(): LeaveTarget | undefined {
  const candidate = globalThis as { window?: unknown; addEventListener?: unknown };
  return candidate.window && typeof candidate.addEventListener === 'function' ? (globalThis as unknown as LeaveTarget) : undefined;
}
