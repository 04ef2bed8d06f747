// Rule swap-carry-changes: the old viewer of a swap or reload cannot save (its token ran out, after a
// sleep or a swap held off too long: "Token has expired" at every try). Its unsaved annotations are
// read from it and made again on the new viewer, which saves them with its fresh token. The SDK keeps
// an annotation's id on create() (both old SDKs, checked in Chromium) and refuses an id it has, so an
// annotation the engine got after all is updated instead, and nothing is made twice.
import type { UnsavedChange } from '../session/pending-changes.js';

type Annotation = { readonly id?: unknown };

/** What the carry uses of a viewer: @nutrient-sdk/viewer 1.12 and pspdfkit 2024.8 have it all. */
export interface CarryingViewer {
  getAnnotations?(pageIndex: number): Promise<Iterable<Annotation>>;
  create?(annotation: unknown): Promise<unknown>;
  update?(annotation: unknown): Promise<unknown>;
  delete?(id: string): Promise<unknown>;
  save?(): Promise<void>;
}

/** An unsaved change read from the old viewer: the annotation as it shows it (none for a deletion). */
export interface ChangeToCarry {
  change: UnsavedChange;
  annotation: Annotation | undefined;
}

/**
 * What a carry did: `carried` changes made again on the new viewer, `left` ones it could not
 * (unknown place, or the new viewer refused them), and whether the new viewer saved them.
 */
export interface CarryOutcome {
  carried: number;
  left: number;
  saved: boolean;
}

/** Reads each unsaved change's annotation from `viewer` (before it is unloaded). */
export async function readChanges(viewer: CarryingViewer, changes: readonly UnsavedChange[]): Promise<ChangeToCarry[]> {
  const onPage = pagesOf(viewer);
  return Promise.all(
    changes.map(async (change) => ({
      change,
      annotation: change.kind === 'deleted' ? undefined : await onPage(change.pageIndex).then((annotations) => find(annotations, change.id)),
    })),
  );
}

/** Makes the changes on `viewer` (created, updated or deleted as needed), then saves them. */
export async function applyChanges(viewer: CarryingViewer, changes: readonly ChangeToCarry[]): Promise<CarryOutcome> {
  const onPage = pagesOf(viewer);
  let carried = 0;
  for (const { change, annotation } of changes) {
    try {
      const there = find(await onPage(change.pageIndex), change.id);
      if (change.kind === 'deleted') {
        if (there) await viewer.delete!(change.id);
      } else if (!annotation) {
        throw new Error('not found on the old viewer'); // gone meanwhile, or no page to look on
      } else {
        await (there ? viewer.update! : viewer.create!).call(viewer, annotation);
      }
      carried++;
    } catch {
      // Counted as left: the session says so (save-failed); the rest is carried all the same.
    }
  }
  const saved = carried === 0 || (await viewer.save?.().then(() => true, () => false)) !== false;
  return { carried, left: changes.length - carried, saved };
}

/** The annotations of a page, read once per page. */
function pagesOf(viewer: CarryingViewer): (pageIndex: number | undefined) => Promise<Annotation[]> {
  const pages = new Map<number, Promise<Annotation[]>>();
  return (pageIndex) => {
    if (pageIndex === undefined || !viewer.getAnnotations) return Promise.resolve([]);
    let page = pages.get(pageIndex);
    if (!page) {
      page = viewer.getAnnotations(pageIndex).then((list) => [...list], () => []);
      pages.set(pageIndex, page);
    }
    return page;
  };
}

function find(annotations: readonly Annotation[], id: string): Annotation | undefined {
  return annotations.find((annotation) => annotation.id === id);
}
