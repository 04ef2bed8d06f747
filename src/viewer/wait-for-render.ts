// When a viewer loaded in a slot has drawn its pages: what a swap waits for before it shows it.
// The SDK has no "rendered" event; its pages are images inside `.PSPDFKit-Page` elements (1.12 to
// 1.22 and pspdfkit 2024.8, in a shadow root of the slot's child), so this waits until the pages
// it shows have images and all of them have loaded, twice in a row. In a hidden tab it does not wait.

import { isPageHidden, onVisibilityChange, type VisibilitySource } from './page-visibility.js';
import { pollUntil } from '../session/timer.js';

const POLL_MS = 100;
/** A viewer that has not drawn by then is shown anyway: the old token is about to run out. */
export const RENDER_TIMEOUT_MS = 15_000;

/** Every root to search: the slot and the shadow roots below it. */
function roots(slot: HTMLElement): ParentNode[] {
  const found: ParentNode[] = [slot];
  for (const element of slot.querySelectorAll('*')) if (element.shadowRoot) found.push(element.shadowRoot);
  return found;
}

/** True when some page is drawn and no page image is still loading. */
export function hasRendered(slot: HTMLElement): boolean {
  const images = roots(slot).flatMap((root) => [...root.querySelectorAll<HTMLImageElement>('.PSPDFKit-Page img')]);
  return images.length > 0 && images.every((image) => image.complete && image.naturalWidth > 0);
}

/** Why the wait for drawing ended: the viewer drew, time ran out, or the tab is hidden (nobody sees it). */
export type RenderWait = 'drawn' | 'late' | 'hidden';

/**
 * Resolves once the slot's viewer has drawn, after `timeoutMs` anyway, or as soon as the tab is (or
 * becomes) hidden: a hidden tab runs no frames, so the viewer may not draw until it is shown, and
 * nobody would see a blank one. Rejects on abort.
 */
export async function waitForRender(
  slot: HTMLElement, signal: AbortSignal, timeoutMs = RENDER_TIMEOUT_MS, page: VisibilitySource = slot.ownerDocument,
): Promise<RenderWait> {
  const doc = page;
  let streak = 0;
  let why: RenderWait = 'late';
  // The reason is taken when the wait ends, not after: the tab may be shown before the caller runs.
  const done = () => {
    streak = hasRendered(slot) ? streak + 1 : 0;
    if (streak >= 2) why = 'drawn';
    else if (isPageHidden(doc)) why = 'hidden';
    return why !== 'late';
  };
  await pollUntil(done, { everyMs: POLL_MS, latestAt: Date.now() + timeoutMs, signal, listen: (look) => onVisibilityChange(doc, look) });
  return why;
}
