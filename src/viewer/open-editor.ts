// An open editor (a text annotation being typed) would be unloaded or made read-only with its text:
// a swap's last moments, the end of a session and its unload commit it first, the way a click
// elsewhere commits it (the SDK saves a text annotation's text when its editor loses focus).
import { containsAcrossShadows, deepActiveElement } from './focus-carry.js';
import type { NextFrame } from './next-frame.js';

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
