// The old SDKs' toolbar dropdowns (downshift, in pspdfkit 2024.8 and @nutrient-sdk/viewer 1.12) tell
// screen readers what is open through a status element, `#a11y-status-message`, that the SDK
// renders in its shadow root. Downshift looks that element up 200 ms after a dropdown changes and
// again 500 ms after it spoke, from timers that `unload()` does not cancel. After the unload the
// element is gone, and downshift makes a new one with `root.createElement`, which a shadow root
// does not have: the page gets an uncaught `TypeError: e.createElement is not a function`
// (docs/sdk-behaviour.md, "Unload noise"). So right after an unload of ours, each of the viewer's
// shadow roots, now detached, gets an element of that id back: the late timers find it and write
// into it, and nothing throws. Nothing is swallowed and the user loses nothing: the dropdown and
// its viewer are gone already. The element goes with the detached root.

/** The id downshift looks for (its `getStatusDiv`). */
export const STATUS_ID = 'a11y-status-message';

/** The element the SDK mounts its shadow root on (both old SDKs and 1.14+). */
const SDK_HOST = '.PSPDFKit-Container';

/**
 * The viewer's shadow roots, read before `unload(target)` removes their host: the instance's
 * `contentDocument`, or the SDK hosts inside a container element (or selector).
 */
export function viewerShadowRoots(target: unknown): ShadowRoot[] {
  if (typeof ShadowRoot !== 'function') return []; // not in a browser: no SDK rendered anything
  const roots = new Set<ShadowRoot>();
  try {
    const content = (target as { contentDocument?: unknown } | null | undefined)?.contentDocument;
    if (content instanceof ShadowRoot) roots.add(content);
    const element = typeof target === 'string' ? globalThis.document?.querySelector(target) : target;
    if (typeof Element === 'function' && element instanceof Element) {
      for (const host of element.querySelectorAll(SDK_HOST)) if (host.shadowRoot) roots.add(host.shadowRoot);
    }
  } catch {
    // An unloaded instance's getter or a string that is no selector: nothing rendered to look after.
  }
  return [...roots];
}

/**
 * Gives each root the SDK's unload took off the page a status element again, for downshift's late
 * timers. A root still on the page is left alone: it is not one the SDK let go of.
 */
export function keepStatusElement(roots: readonly ShadowRoot[]): void {
  for (const root of roots) {
    if (root.host.isConnected || root.getElementById(STATUS_ID)) continue;
    const status = root.ownerDocument.createElement('div');
    status.id = STATUS_ID;
    status.hidden = true; // detached anyway; nothing to announce from an unloaded viewer
    root.append(status);
  }
}
