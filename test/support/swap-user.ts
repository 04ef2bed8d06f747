// The model user at work in a viewer without setSession (fake-old-sdk), for the system model test
// (issue 22, rule swap-freeze): draws now and then or without a pause, holds the pointer, types into
// a text editor, on whatever viewer the tab shows, swaps or not. And what must hold for that work:
// the old viewer is read-only only from the swap's latest start until the switch (never before, and
// never after: not the new viewer, not an old one kept), or from a save that failed (its token ran
// out: rule swap-carry-changes); what a viewer the swap let go of had not saved is on the viewer that
// followed or at the engine; text typed into an editor was committed before its viewer went, and a
// stroke under way was finished.
import { expect } from 'vitest';
import { latestSwapStartAt } from '../../src/policy/renewal-policy.js';
import type { FakeOldInstance } from './fake-old-sdk.js';
import type { SystemWorld, Tab } from './system-world.js';

export function swapUser(world: SystemWorld) {
  const typed: { tab: Tab; viewer: FakeOldInstance; editor: HTMLElement }[] = [];
  /** Strokes begun with a press: on which viewer, and how many strokes it had made then. */
  const strokes: { tab: Tab; viewer: FakeOldInstance; madeBefore: number; released: boolean }[] = [];
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const intervals = new Set<ReturnType<typeof setInterval>>();
  /** Viewers already judged after their unload (their tab's state then decides what they owe). */
  const judged = new WeakSet<FakeOldInstance>();
  const loaded = (tab: Tab) => tab.loading.done && !tab.loading.error && tab.session !== undefined;

  /** The session ended (a renew() may be under way since) and no renewal has succeeded after. */
  const endedSinceRenewed = (tab: Tab) => tab.events.findLastIndex((event) => event.type === 'ended') > tab.events.findLastIndex((event) => event.type === 'renewed');

  /** The old-SDK viewer the tab shows, if it has one. */
  function shown(tab: Tab): FakeOldInstance | undefined {
    if (tab.spec.sdk !== 'old' || tab.unloaded) return undefined;
    const viewer = tab.instance() as FakeOldInstance | undefined;
    return viewer && !viewer.unloaded ? viewer : undefined;
  }

  return {
    /** Draws a shape every `everyMs` for `forMs` (a user who keeps drawing: no pause in changes). */
    drawOn(tab: Tab, forMs: number, everyMs: number): void {
      const drawing = setInterval(() => shown(tab)?.change(), everyMs);
      const stop = setTimeout(() => {
        clearInterval(drawing);
        intervals.delete(drawing);
        timers.delete(stop);
      }, forMs);
      intervals.add(drawing);
      timers.add(stop);
    },
    /** Presses the pointer in the viewer (a stroke begins); it stays down until `release`. */
    press(tab: Tab): void {
      const viewer = shown(tab);
      if (!viewer) return;
      if (!viewer.viewState.readOnly) strokes.push({ tab, viewer, madeBefore: viewer.strokesMade, released: false });
      viewer.contentDocument.host.dispatchEvent(new Event('pointerdown', { bubbles: true, composed: true }));
    },
    release(): void {
      for (const stroke of strokes) stroke.released = true;
      window.dispatchEvent(new Event('pointerup'));
    },
    /** Opens a text editor and types into it; it stays open (focused) until focus goes elsewhere. */
    type(tab: Tab): void {
      const viewer = shown(tab);
      if (!viewer || viewer.viewState.readOnly) return; // the SDK opens no editor in a read-only viewer
      const editor = viewer.openEditor();
      editor.textContent = `note ${typed.length}`;
      typed.push({ tab, viewer, editor });
    },
    /** The invariants of the user's work on old-SDK tabs; after every step. */
    check(): void {
      for (const tab of world.tabs) {
        if (tab.spec.sdk !== 'old' || !loaded(tab)) continue;
        const session = tab.session!;
        const label = `tab ${tab.id} ${JSON.stringify(tab.spec)} (${session.state})`;
        // The end makes the viewer read-only (afterSignOut) until a renewal succeeds, and unload ends the work.
        const atEnd = tab.unloaded || session.state === 'ended' || endedSinceRenewed(tab);
        for (const viewer of tab.viewers() as FakeOldInstance[]) {
          if (viewer.unloaded) {
            if (judged.has(viewer)) continue;
            judged.add(viewer);
            if (atEnd) continue;
            // Saved, or (its save failed) carried to the viewer that followed: nothing lost.
            const next = shown(tab);
            const lost = viewer.unsavedPuts().filter((id) => !next?.annotations.has(id) && !viewer.engine.annotations?.has(id));
            expect(lost, `${label}: changes unsaved on a viewer a swap let go of, not on the viewer shown`).toEqual([]);
            continue;
          }
          if (!viewer.viewState.readOnly || atEnd) continue;
          // Rule swap-carry-changes: a viewer that cannot save takes no more changes until the switch.
          if (viewer.lastSaveFailedAt !== undefined && viewer.readOnlySince! >= viewer.lastSaveFailedAt) continue;
          // Rule swap-freeze: read-only only between the freeze (from the latest start) and the switch.
          expect(session.state, `${label}: a read-only viewer outside a swap`).toBe('renewing');
          expect(viewer === tab.instance(), `${label}: read-only is the viewer shown before the switch, not a new one`).toBe(true);
          expect(viewer.readOnlySince!, `${label}: frozen before the swap's latest start`).toBeGreaterThanOrEqual(latestSwapStartAt(session.expiresAt, Date.now(), session.renewer.handOverMs));
        }
      }
      for (const { tab, viewer, madeBefore, released } of strokes) {
        // A swap that froze or let go of the viewer mid-stroke finished the stroke first (rule
        // swap-freeze): read-only mid-gesture, the SDK drops it. (The end of a session does not.)
        if (released || (!viewer.unloaded && !viewer.viewState.readOnly) || tab.unloaded || endedSinceRenewed(tab)) continue;
        expect(viewer.strokesMade, `tab ${tab.id}: a stroke under way when its viewer turned read-only or went, finished first`).toBeGreaterThan(madeBefore);
      }
      for (const { tab, viewer, editor } of typed) {
        // Whatever let the viewer go or made it read-only (a swap's freeze or switch, the end, an
        // unload) committed the text first: read-only or gone, the SDK's editor drops it.
        if (!viewer.unloaded && !viewer.viewState.readOnly) continue;
        expect(editor.dataset.committed, `tab ${tab.id}: text typed into an editor, committed before its viewer went or turned read-only`).toBe('true');
      }
    },
    /** Viewers, over all tabs, that were read-only when they were let go of: freezes that happened. */
    frozenAtSwitch(): number {
      const viewers = world.tabs.filter((tab) => tab.spec.sdk === 'old').flatMap((tab) => tab.viewers() as FakeOldInstance[]);
      return viewers.filter((viewer) => viewer.unloaded && viewer.readOnlySince !== undefined).length;
    },
    /** Saves that failed on old-SDK viewers (their token had run out), over all tabs. */
    saveFailures(): number {
      return world.tabs.filter((tab) => tab.spec.sdk === 'old').flatMap((tab) => tab.viewers() as FakeOldInstance[]).reduce((sum, viewer) => sum + viewer.saveFailures, 0);
    },
    /** Editors typed into, and how many of them were committed. */
    editors(): { typed: number; committed: number } {
      return { typed: typed.length, committed: typed.filter(({ editor }) => editor.dataset.committed === 'true').length };
    },
    stop(): void {
      for (const timer of timers) clearTimeout(timer);
      for (const interval of intervals) clearInterval(interval);
      timers.clear();
      intervals.clear();
    },
  };
}

export type SwapUser = ReturnType<typeof swapUser>;
