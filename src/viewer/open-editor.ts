// An open editor (a text annotation being typed) would be unloaded or made read-only with its text:
// a swap's last moments, the end of a session and its unload commit it first, the way a click
// elsewhere commits it (the SDK saves a text annotation's text when its editor loses focus).
import { containsAcrossShadows, deepActiveElement, focusDropped, restoreFocus } from './focus-carry.js';
import type { NextFrame } from './next-frame.js';
import { COMMIT_WAIT_MS } from '../policy/renewal-policy.js';

/** What the user types into: a form field, or a text annotation's editor (a contenteditable element). */
export const EDITABLE = 'input, textarea, select, [contenteditable=""], [contenteditable="true"]';

/** The editor focused inside `slot` (a viewer's slot, or the app's container), if any. */
export function openEditorIn(slot: HTMLElement): HTMLElement | undefined {
  const active = deepActiveElement(slot.ownerDocument);
  return active instanceof HTMLElement && active.matches(EDITABLE) && containsAcrossShadows(slot, active) ? active : undefined;
}

/** What tells that the SDK made or changed an annotation. */
export interface ChangeSource {
  addEventListener?(type: string, listener: () => void): void;
  removeEventListener?(type: string, listener: () => void): void;
}

/** Resolves at the viewer's next annotation change, or after `ms` (none came: nothing to make). */
export function nextChange(instance: ChangeSource | undefined, ms = COMMIT_WAIT_MS): Promise<void> {
  if (typeof instance?.addEventListener !== 'function') return new Promise((resolve) => setTimeout(resolve, 0));
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(cap);
      instance.removeEventListener?.('annotations.change', done);
      resolve();
    };
    const cap = setTimeout(done, ms);
    instance.addEventListener!('annotations.change', done);
  });
}

/** How `commitOpenEditor` commits. */
export interface CommitOptions {
  /**
   * The viewer stays on screen: focus the blur dropped to <body> goes to the slot at once, so keys
   * typed meanwhile stay in the viewer, and focus is not on <body> for the wait.
   */
  keepFocus?: boolean;
  /** At most this long for the text to be made (default `COMMIT_WAIT_MS`). */
  waitMs?: number;
}

/**
 * Commits the editor open in `slot`: blurs it, then waits for the SDK to turn the text into an
 * annotation change of `instance` (at most `waitMs`), and a render. Returns whether there was one.
 */
export async function commitOpenEditor(slot: HTMLElement, nextFrame: NextFrame, instance?: ChangeSource, { keepFocus = false, waitMs }: CommitOptions = {}): Promise<boolean> {
  const editor = openEditorIn(slot);
  if (!editor) return false;
  const changed = nextChange(instance, waitMs);
  editor.blur();
  if (keepFocus && focusDropped(slot.ownerDocument)) restoreFocus(slot, { selector: '', index: 0 });
  await changed;
  await nextFrame();
  return true;
}
