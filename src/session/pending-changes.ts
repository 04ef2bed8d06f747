// The user's work the engine does not have yet. The SDK says only whether there is some
// (`hasUnsavedChanges()`); counting needs its events: every annotation created, updated or deleted
// since the last time nothing was pending counts once. A save here is bounded in time: an end or an
// unload must never hang on an engine that does not answer.
import type { SaveFailureReason } from './events.js';
import { within } from './timer.js';

type Listener = (payload?: unknown) => void;

/** What the session uses of a viewer for the user's work (1.12 and later, and pspdfkit, have all of it). */
export interface SavingViewer {
  hasUnsavedChanges?(): boolean;
  save?(): Promise<void>;
  addEventListener?(type: string, listener: Listener): void;
  removeEventListener?(type: string, listener: Listener): void;
}

/**
 * What a bounded save left behind: `unsaved` changes (0 when all reached the engine) and why.
 * @example const { unsaved, reason } = await session.save(); if (unsaved) warn(`${unsaved} changes not saved: ${reason}`);
 */
export interface SaveOutcome {
  unsaved: number;
  reason: SaveFailureReason | undefined;
}

/**
 * One annotation the engine does not have as the viewer shows it: made, changed or deleted since the
 * last save (made then changed is still `created`; made then deleted is `deleted`). A swap whose old
 * viewer cannot save makes these again on the new one (rule `swap-carry-changes`).
 */
export interface UnsavedChange {
  id: string;
  kind: 'created' | 'updated' | 'deleted';
  /** Where it is (from the SDK's event); undefined when the event did not say. */
  pageIndex: number | undefined;
}

const changeEvents = { 'annotations.create': 'created', 'annotations.update': 'updated', 'annotations.delete': 'deleted' } as const;
type ChangeEvent = keyof typeof changeEvents;

/** What a change of `kind` makes of an annotation's earlier unsaved change. */
function merged(before: UnsavedChange['kind'] | undefined, kind: UnsavedChange['kind']): UnsavedChange['kind'] {
  if (kind === 'created') return before === 'deleted' ? 'updated' : 'created';
  if (kind === 'updated') return before === 'created' ? 'created' : 'updated';
  return 'deleted';
}

/** Follows one viewer at a time (a swap hands over to the next); counts what is pending. */
export class PendingChanges {
  #viewer: SavingViewer | undefined;
  /** By id (or the annotation itself, when it has none). */
  readonly #touched = new Map<unknown, UnsavedChange | undefined>();
  #stop = () => {};

  /** Follows `viewer` from now on; the previous one is let go (its pending work was its own). */
  watch(viewer: SavingViewer | undefined): void {
    this.#stop();
    this.#touched.clear();
    this.#viewer = viewer;
    const on = viewer?.addEventListener?.bind(viewer);
    const off = viewer?.removeEventListener?.bind(viewer);
    if (!on || !off) return;
    const touched = (type: ChangeEvent): Listener => (annotations) => {
      for (const annotation of iterate(annotations)) {
        const { id, pageIndex } = (annotation ?? {}) as { id?: unknown; pageIndex?: unknown };
        const key = id ?? annotation;
        const kind = merged(this.#touched.get(key)?.kind, changeEvents[type]);
        this.#touched.set(key, typeof id === 'string' ? { id, kind, pageIndex: typeof pageIndex === 'number' ? pageIndex : undefined } : undefined);
      }
    };
    // Nothing pending any more: what was touched reached the engine.
    const settled: Listener = (event) => {
      const pending = (event as { hasUnsavedChanges?: unknown } | undefined)?.hasUnsavedChanges;
      if (pending === false || (pending === undefined && !this.#unsaved())) this.#touched.clear();
    };
    const changes = (Object.keys(changeEvents) as ChangeEvent[]).map((type): [string, Listener] => [type, touched(type)]);
    const listeners: [string, Listener][] = [...changes, ['annotations.didSave', settled], ['document.saveStateChange', settled]];
    for (const [type, listener] of listeners) safely(() => on(type, listener));
    this.#stop = () => listeners.forEach(([type, listener]) => safely(() => off(type, listener)));
  }

  /** Changes not saved yet: 0 when the viewer has none, else the annotations touched (at least 1: a form value counts too). */
  get count(): number {
    if (!this.#unsaved()) {
      this.#touched.clear();
      return 0;
    }
    return Math.max(this.#touched.size, 1);
  }

  /** The annotations not saved yet, with what happened to each (empty when nothing is pending). */
  changes(): UnsavedChange[] {
    if (this.count === 0) return [];
    return [...this.#touched.values()].filter((change): change is UnsavedChange => change !== undefined);
  }

  /**
   * Saves what is pending, waiting at most `timeoutMs`. Never rejects: says what was left and why.
   * A `SaveError` lists the changes the engine refused (`reason`, one entry each).
   */
  async save(timeoutMs: number): Promise<SaveOutcome> {
    const before = this.count;
    const viewer = this.#viewer;
    if (before === 0) return { unsaved: 0, reason: undefined };
    if (typeof viewer?.save !== 'function') return { unsaved: before, reason: 'no-save' };
    try {
      const result = await within(viewer.save().then(() => 'saved' as const), timeoutMs, 'timed-out' as const);
      const left = this.count;
      if (result === 'timed-out') return { unsaved: left || before, reason: 'timed-out' };
      // Resolved, yet the viewer still holds changes: the engine did not take them.
      return { unsaved: left, reason: left ? 'refused' : undefined };
    } catch (error) {
      const refused = (error as { reason?: unknown } | undefined)?.reason;
      if (Array.isArray(refused) && refused.length > 0) return { unsaved: refused.length, reason: 'refused' };
      return { unsaved: this.count || before, reason: 'rejected' };
    }
  }

  /** Lets go of the viewer. */
  stop(): void {
    this.#stop();
    this.#stop = () => {};
    this.#viewer = undefined;
    this.#touched.clear();
  }

  #unsaved(): boolean {
    try {
      return this.#viewer?.hasUnsavedChanges?.() === true;
    } catch {
      return false; // an unloaded viewer may throw: it holds nothing any more
    }
  }
}

/** The SDK passes Immutable Lists (1.25 and later: arrays); both iterate. */
function iterate(value: unknown): Iterable<unknown> {
  if (value && typeof (value as Iterable<unknown>)[Symbol.iterator] === 'function' && typeof value !== 'string') return value as Iterable<unknown>;
  return value === undefined ? [] : [value];
}

function safely(work: () => void): void {
  try {
    work();
  } catch {
    // A viewer without this event: fewer counts, never a failure.
  }
}
