// When a viewer loaded in a slot has drawn its pages: what a swap waits for before it shows it.
// The SDK has no "rendered" event; its pages are images inside `.PSPDFKit-Page` elements (1.12 to
// 1.22 and pspdfkit 2024.8, in a shadow root of the slot's child), so this waits until the pages
// it shows have images and all of them have loaded, twice in a row.

import { pollUntil } from './timer.js';

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

/** Resolves once the slot's viewer has drawn (or after `timeoutMs`); rejects on abort. */
export function waitForRender(slot: HTMLElement, signal: AbortSignal, timeoutMs = RENDER_TIMEOUT_MS): Promise<void> {
  let streak = 0;
  const drawnTwiceInARow = () => (streak = hasRendered(slot) ? streak + 1 : 0) >= 2;
  return pollUntil(drawnTwiceInARow, { everyMs: POLL_MS, latestAt: Date.now() + timeoutMs, signal });
}
