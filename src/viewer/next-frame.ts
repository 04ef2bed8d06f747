// Waiting for the viewer to lay out what it was told: two animation frames, or one task in a hidden
// tab (which runs no frames, and would hold a swap or an end forever).
import { isPageHidden, onVisibilityChange, type VisibilitySource } from './page-visibility.js';

/**
 * Waits until the viewer has laid out a view-state change; the default waits two animation frames,
 * or one task while the tab is hidden (a hidden tab runs no frames, and would hold a swap forever).
 */
export type NextFrame = () => Promise<void>;

/** A task soon: a message, which browsers do not throttle in hidden tabs as they do timers. */
function nextTask(callback: () => void): void {
  if (typeof MessageChannel !== 'function') return void setTimeout(callback, 0);
  const channel = new MessageChannel();
  channel.port1.onmessage = () => {
    channel.port1.close();
    callback();
  };
  channel.port2.postMessage(undefined);
}

/** Two animation frames, or one task while `page` (default: the document) is hidden. */
export const twoFramesIn = (page?: VisibilitySource): NextFrame => () =>
  new Promise((resolve) => {
    const doc = page ?? (typeof document === 'undefined' ? undefined : document);
    const stop = onVisibilityChange(doc, ifHidden);
    function finish() {
      stop();
      resolve();
    }
    function ifHidden() {
      if (isPageHidden(doc)) nextTask(finish);
    }
    if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => requestAnimationFrame(finish));
    else nextTask(finish);
    ifHidden();
  });
