// The last moments of a token on a viewer without setSession: the swap cannot wait for the user
// any longer. An open editor is committed first (open-editor.ts). Then the old viewer is made
// read-only until the switch: a change made now would send the swap back to load another viewer,
// and there is no time for that.
import type { ViewStateInstance } from './view-snapshot.js';

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
