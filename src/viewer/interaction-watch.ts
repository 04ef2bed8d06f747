// Whether the user is in the middle of something in the viewer: a pointer held down (a drag, a
// stroke being drawn) or typing in an editor (a text annotation, a form field). A swap waits for a
// pause, because the new viewer would not carry the half-done gesture or the open editor over.
// In a hidden tab there is no pause to wait for (the user is elsewhere, an editor may keep focus).

import { isPageHidden, onVisibilityChange, type VisibilitySource } from './page-visibility.js';
import { pollUntil } from '../session/timer.js';

const EDITABLE = 'input, textarea, select, [contenteditable=""], [contenteditable="true"]';

/** The focused element, looking inside shadow roots (the SDK renders into one). */
function deepActiveElement(doc: Document): Element | null {
  let active = doc.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

/** `host.contains(node)`, across shadow-root boundaries. */
function containsAcrossShadows(host: Node, node: Node | null): boolean {
  while (node) {
    if (host.contains(node)) return true;
    node = (node.getRootNode() as Partial<ShadowRoot>).host ?? null;
  }
  return false;
}

export interface InteractionWatch {
  /** True while a pointer is down in the viewer or an editor in it has focus. */
  busy(): boolean;
  /**
   * Resolves when the user pauses, or at `latestAt` (`Date.now()` ms) at the latest: a token about
   * to run out matters more than a half-done gesture. At once while the tab is hidden (or when it
   * is hidden meanwhile): nobody is using the viewer then. Rejects with the signal's reason on abort.
   */
  whenIdle(signal: AbortSignal, latestAt: number): Promise<void>;
  stop(): void;
}

/** Watches `host` (the app's container); pointer events from the SDK's shadow DOM reach it. */
export function watchInteraction(host: HTMLElement, page: VisibilitySource = host.ownerDocument): InteractionWatch {
  let pressed = false;
  const view = host.ownerDocument.defaultView ?? globalThis;
  const listeners = new Set<() => void>();
  const changed = () => listeners.forEach((listener) => listener());
  const down = () => {
    pressed = true;
  };
  const up = () => {
    pressed = false;
    changed();
  };
  host.addEventListener('pointerdown', down, true);
  view.addEventListener('pointerup', up, true);
  view.addEventListener('pointercancel', up, true);
  host.addEventListener('focusout', changed, true);
  const editing = () => {
    const active = deepActiveElement(host.ownerDocument);
    return !!active && active.matches(EDITABLE) && containsAcrossShadows(host, active);
  };
  const busy = () => pressed || editing();
  return {
    busy,
    whenIdle(signal, latestAt) {
      // Polled too: focus can leave an editor without an event reaching the host (the editor is removed).
      const listen = (look: () => void) => {
        listeners.add(look);
        const unlistenVisibility = onVisibilityChange(page, look);
        return () => {
          listeners.delete(look);
          unlistenVisibility();
        };
      };
      return pollUntil(() => isPageHidden(page) || !busy(), { everyMs: 250, latestAt, signal, listen });
    },
    stop() {
      host.removeEventListener('pointerdown', down, true);
      view.removeEventListener('pointerup', up, true);
      view.removeEventListener('pointercancel', up, true);
      host.removeEventListener('focusout', changed, true);
      listeners.clear();
    },
  };
}
