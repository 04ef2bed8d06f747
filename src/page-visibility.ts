// Whether anyone can see the page. A hidden tab runs no animation frames at all and has its timers
// throttled (Chrome: to once a second, to once a minute after five minutes hidden), so the swap's
// waits for a frame, for drawing or for the user to pause must not hold it up there: nothing is
// seen, and the old token keeps running out.

/** True while the document's tab is hidden (in the background, minimised, or the screen locked). */
export function isPageHidden(doc: Document | undefined): boolean {
  return doc?.visibilityState === 'hidden';
}

/** Calls `onChange` whenever the document is hidden or shown; returns the stop function. */
export function onVisibilityChange(doc: Document | undefined, onChange: () => void): () => void {
  if (!doc) return () => {};
  doc.addEventListener('visibilitychange', onChange);
  return () => doc.removeEventListener('visibilitychange', onChange);
}
