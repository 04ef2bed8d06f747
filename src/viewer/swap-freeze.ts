// The last moments of a token on a viewer without setSession: the swap cannot wait for the user
// any longer. An open editor (a text annotation being typed) would be unloaded with its text, so it
// is committed first, the way a click elsewhere commits it (the SDK saves a text annotation's text
// when its editor loses focus). Then the old viewer is made read-only until the switch: a change
// made now would send the swap back to load another viewer, and there is no time for that.

import { containsAcrossShadows, deepActiveElement } from './focus-carry.js';
import type { NextFrame, ViewStateInstance } from './view-snapshot.js';

const EDITABLE = 'input, textarea, select, [contenteditable=""], [contenteditable="true"]';

/** The editor focused inside `slot`, if any. */
export function openEditorIn(slot: HTMLElement): HTMLElement | undefined {
  const active = deepActiveElement(slot.ownerDocument);
  return active instanceof HTMLElement && active.matches(EDITABLE) && containsAcrossShadows(slot, active) ? active : undefined;
}

/**
 * Commits the editor open in `slot`: blurs it, then waits for the SDK to turn the text into an
 * annotation change (its blur handler, then a render). Returns whether there was one.
 */
export async function commitOpenEditor(slot: HTMLElement, nextFrame: NextFrame): Promise<boolean> {
  const editor = openEditorIn(slot);
  if (!editor) return false;
  editor.blur();
  await nextFrame();
  return true;
}

/** The old viewer made read-only for the end of a swap; `thaw` gives it back what it had. */
export interface Frozen {
  /** `viewState.readOnly` before: what the new viewer gets. */
  readonly readOnlyBefore: boolean;
  /** The tool in use before (read-only mode drops it): what the new viewer gets. */
  readonly interactionModeBefore: string | null;
  thaw(): void;
}

/** Makes the viewer read-only (no drawing, no typing) until `thaw()`. */
export function makeReadOnly(instance: ViewStateInstance): Frozen {
  const state = instance.viewState as ViewStateInstance['viewState'] & { readonly readOnly?: boolean };
  const readOnlyBefore = state.readOnly === true;
  const interactionModeBefore = state.interactionMode ?? null;
  if (!readOnlyBefore) instance.setViewState((current) => current.set('readOnly', true));
  return {
    readOnlyBefore,
    interactionModeBefore,
    thaw() {
      if (readOnlyBefore) return;
      try {
        instance.setViewState((current) => current.set('readOnly', false).set('interactionMode', interactionModeBefore));
      } catch {
        // Unloaded meanwhile: nothing to give back.
      }
    },
  };
}
