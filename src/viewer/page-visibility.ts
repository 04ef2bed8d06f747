// Whether anyone can see the page. A hidden tab runs no animation frames at all and has its timers
// throttled (Chrome: to once a second, to once a minute after five minutes hidden), so the swap's
// waits for a frame, for drawing or for the user to pause must not hold it up there: nothing is
// seen, and the old token keeps running out.

/** What says whether the page is seen: the document, or the session's `environment.visibility` (tests). */
export type VisibilitySource = { readonly visibilityState?: string } & Pick<EventTarget, 'addEventListener' | 'removeEventListener'>;

/** True while the document's tab is hidden (in the background, minimised, or the screen locked). */
export function isPageHidden(doc: VisibilitySource | undefined): boolean {
  return doc?.visibilityState === 'hidden';
}

/** Calls `onChange` whenever the document is hidden or shown; returns the stop function. */
export function onVisibilityChange(doc: VisibilitySource | undefined, onChange: () => void): () => void {
  if (!doc) return () => {};
  doc.addEventListener('visibilitychange', onChange);
  return () => doc.removeEventListener('visibilitychange', onChange);
}
