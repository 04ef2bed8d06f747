// Whether the user is in the middle of something in the viewer: a pointer held down (a drag, a
// stroke being drawn) or typing in an editor (a text annotation, a form field). A swap waits for a
// pause, because the new viewer would not carry the half-done gesture or the open editor over.
// In a hidden tab there is no pause to wait for (the user is elsewhere, an editor may keep focus).

import { isPageHidden, onVisibilityChange, type VisibilitySource } from './page-visibility.js';
import { pollUntil } from '../session/timer.js';
import { EDITABLE, openEditorIn } from './open-editor.js';
import { COMMIT_WAIT_MS } from '../policy/renewal-policy.js';

export interface InteractionWatch {
  /** True while a pointer is down in the viewer or an editor in it has focus. */
  busy(): boolean;
  /**
   * Resolves when the user pauses, or at `latestAt` (`Date.now()` ms) at the latest: a token about
   * to run out matters more than a half-done gesture. At once while the tab is hidden (or when it
   * is hidden meanwhile): nobody is using the viewer then. Rejects with the signal's reason on abort.
   */
  whenIdle(signal: AbortSignal, latestAt: number): Promise<void>;
  /**
   * Finishes the gesture a held pointer is making, the way the user's release would: a `pointerup`
   * where the pointer last was. The SDK makes the shape being drawn then; a viewer made read-only
   * mid-gesture drops it. False when no pointer is held.
   */
  finishGesture(): boolean;
  /** True while a pointer is held down in the viewer (a gesture `finishGesture` can finish). */
  holding(): boolean;
  /** The viewer shown made or changed an annotation (a committed text among them). */
  sdkChanged(): void;
  stop(): void;
}

/**
 * Calls `then` after a task, an animation frame and another task: the SDK has handled the event
 * and rendered its result by then. A frame that does not come within 250 ms (a hidden tab runs
 * none) is not waited for.
 */
function afterTheSdk(view: Pick<Window, 'setTimeout' | 'clearTimeout'> & Partial<Pick<Window, 'requestAnimationFrame'>>, then: () => void): void {
  view.setTimeout(() => {
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      view.clearTimeout(fallback);
      view.setTimeout(then, 0);
    };
    const fallback = view.setTimeout(finish, 250);
    if (typeof view.requestAnimationFrame === 'function') view.requestAnimationFrame(finish);
  }, 0);
}

/** Watches `host` (the app's container); pointer events from the SDK's shadow DOM reach it. */
export function watchInteraction(host: HTMLElement, page: VisibilitySource = host.ownerDocument): InteractionWatch {
  let pressed = false;
  /** Counts presses and releases: a release still settling when the pointer goes down again is void. */
  let releases = 0;
  const view = (host.ownerDocument.defaultView ?? globalThis) as unknown as Window;
  const listeners = new Set<() => void>();
  const changed = () => listeners.forEach((listener) => listener());
  /** Where the held pointer last was: the element under it (inside the SDK's shadow root) and the event's values. */
  let lastPointer: { target: EventTarget; init: PointerEventInit } | undefined;
  const remember = (event: Event) => {
    const pointer = event as PointerEvent;
    const init: PointerEventInit = { bubbles: true, composed: true, cancelable: true, clientX: pointer.clientX, clientY: pointer.clientY, screenX: pointer.screenX, screenY: pointer.screenY, pointerId: pointer.pointerId, pointerType: pointer.pointerType, isPrimary: pointer.isPrimary, button: 0, buttons: 0 };
    lastPointer = { target: event.composedPath?.()[0] ?? event.target ?? host, init };
  };
  const down = (event: Event) => {
    releases++;
    pressed = true;
    remember(event);
  };
  const move = (event: Event) => {
    if (pressed) remember(event);
  };
  // The release counts once the SDK has handled it: its own pointerup handler (in the bubble phase,
  // inside its shadow root) creates the drawn shape, and its state update lands in a frame after
  // that. Ours hears the event first (capture on window), so it waits a task, a frame and a task.
  const up = () => {
    const release = ++releases;
    const settled = () => {
      if (release !== releases) return; // pressed again meanwhile
      pressed = false;
      changed();
    };
    afterTheSdk(view, settled);
  };
  host.addEventListener('pointerdown', down, true);
  host.addEventListener('pointermove', move, true);
  // (Capture on window: a release outside the viewer, or on an element removed meanwhile, still counts.)
  view.addEventListener('pointerup', up, true);
  view.addEventListener('pointercancel', up, true);
  // Leaving an editor commits its text, which the SDK turns into an annotation 30-90 ms later (more on
  // a loaded machine): the pause comes after the viewer's change (`sdkChanged`) and its render, at most
  // COMMIT_WAIT_MS (no text, no change); a switch or a freeze before it would drop the text.
  let committing = 0;
  const awaitingChange = new Set<() => void>();
  const focusOut = (event: Event) => {
    committing++;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      view.clearTimeout(cap);
      awaitingChange.delete(afterChange);
      committing--;
      changed();
    };
    const afterChange = () => afterTheSdk(view, finish);
    const fromEditor = (event.composedPath?.()[0] as Element | undefined)?.matches?.(EDITABLE) === true;
    const cap = view.setTimeout(finish, fromEditor ? COMMIT_WAIT_MS : 250);
    if (fromEditor) awaitingChange.add(afterChange);
    else afterChange();
  };
  host.addEventListener('focusout', focusOut, true);
  const busy = () => pressed || committing > 0 || openEditorIn(host) !== undefined;
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
    sdkChanged() {
      for (const afterChange of [...awaitingChange]) afterChange();
      awaitingChange.clear();
    },
    holding: () => pressed && lastPointer !== undefined,
    finishGesture() {
      const Pointer = (view as { PointerEvent?: typeof PointerEvent }).PointerEvent;
      if (!pressed || !lastPointer || typeof Pointer !== 'function') return false;
      lastPointer.target.dispatchEvent(new Pointer('pointerup', lastPointer.init));
      return true;
    },
    stop() {
      host.removeEventListener('pointerdown', down, true);
      host.removeEventListener('pointermove', move, true);
      view.removeEventListener('pointerup', up, true);
      view.removeEventListener('pointercancel', up, true);
      host.removeEventListener('focusout', focusOut, true);
      listeners.clear();
    },
  };
}
