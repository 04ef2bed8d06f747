// What the user or the app changed in a viewer at run time, beyond the view (page, zoom, scroll):
// the whole view state (page rotation, two-page layout, sidebar options, ...), the toolbar items,
// and the annotation author. A swap's new viewer is loaded with the app's configuration only, so
// without these it would come back with the defaults. The SDK has no getter for the author set with
// `setAnnotationCreatorName`, so the viewer's method is wrapped to remember it.

import type { ViewStateInstance, ViewStateRecord } from './view-snapshot.js';

/** What a viewer offers for its run-time settings (1.12 and pspdfkit 2024.8 have all of it). */
export interface SettingsInstance extends ViewStateInstance {
  readonly toolbarItems?: unknown;
  setToolbarItems?(items: unknown): void;
  setAnnotationCreatorName?(name: string | null): void;
}

/** The author set on each viewer, by the wrapper `rememberCreatorName` puts on it. */
const creatorNames = new WeakMap<object, string | null>();

/**
 * Wraps `instance.setAnnotationCreatorName` so the name set can be read back (the SDK keeps it to
 * itself). Idempotent; a viewer whose method cannot be replaced is left as it is.
 */
export function rememberCreatorName(instance: SettingsInstance): void {
  const original = instance.setAnnotationCreatorName;
  if (typeof original !== 'function' || (original as { wrapped?: boolean }).wrapped) return;
  const wrapper = function (this: unknown, name: string | null) {
    creatorNames.set(instance, name);
    return original.call(instance, name);
  };
  (wrapper as { wrapped?: boolean }).wrapped = true;
  try {
    instance.setAnnotationCreatorName = wrapper;
  } catch {
    // A frozen instance: its author cannot be carried over.
  }
}

/** The author last set on this viewer through its (wrapped) `setAnnotationCreatorName`, if any. */
export function creatorNameOf(instance: object): string | null | undefined {
  return creatorNames.get(instance);
}

/** Run-time settings to carry over, read from the old viewer. */
export interface ViewerSettings {
  viewState: ViewStateRecord;
  toolbarItems: unknown;
  creatorName: string | null | undefined;
}

/** Reads the old viewer's settings (read again at the switch: the user may change them meanwhile). */
export function readSettings(instance: SettingsInstance): ViewerSettings {
  let toolbarItems: unknown;
  try {
    toolbarItems = instance.toolbarItems;
  } catch {
    toolbarItems = undefined;
  }
  return { viewState: instance.viewState, toolbarItems, creatorName: creatorNames.get(instance) };
}

/**
 * Gives the new viewer the old one's settings: the whole view state (its page and zoom are set
 * again by the view snapshot after this), the toolbar items (a custom item's node moves to the new toolbar), and the author.
 * `toolbar: false` leaves the toolbar (set once is enough: the user cannot change it). `readOnly` is what the old viewer had before the swap made it read-only (see `freezeForSwap`).
 */
export function applySettings(instance: SettingsInstance, settings: ViewerSettings, readOnly?: boolean, toolbar = true): void {
  const state = readOnly === undefined ? settings.viewState : settings.viewState.set('readOnly', readOnly);
  instance.setViewState(() => state);
  if (toolbar && settings.toolbarItems !== undefined && typeof instance.setToolbarItems === 'function') {
    try {
      instance.setToolbarItems(settings.toolbarItems);
    } catch {
      // Items the new viewer refuses (a custom node already mounted elsewhere): it keeps its own.
    }
  }
  rememberCreatorName(instance);
  if (settings.creatorName !== undefined) instance.setAnnotationCreatorName?.(settings.creatorName);
}
