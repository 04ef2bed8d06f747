// Capture a viewer's view (page, zoom, scroll, sidebar, tool) and put it on another viewer of the
// same document: what a swap or an in-place reload needs for SDKs without setSession. Works on the
// instance API shared by pspdfkit 2024.x and @nutrient-sdk/viewer (docs/sdk-behaviour.md). The SDK
// keeps no scroll position in its view state, so scroll is read from its scroller element.

import { twoFramesIn, type NextFrame } from './next-frame.js';

/** The SDK's immutable ViewState record: read by property, changed by `set` (returns a new one). */
export interface ViewStateRecord {
  readonly currentPageIndex: number;
  readonly zoom: unknown;
  readonly sidebarMode?: string | null;
  readonly interactionMode?: string | null;
  set(key: string, value: unknown): ViewStateRecord;
}

/** The part of a viewer instance these functions use. */
export interface ViewStateInstance {
  readonly viewState: ViewStateRecord;
  setViewState(update: (state: ViewStateRecord) => ViewStateRecord): void;
  /** The zoom a mode such as 'AUTO' resolved to. */
  readonly currentZoomLevel?: number;
  /** The viewer's own document (or shadow root); holds the scroller. */
  readonly contentDocument?: { querySelector(selector: string): unknown } | null;
}

/** Everything a new viewer needs to look like the old one. Plain data: safe to log or compare. */
export interface ViewSnapshot {
  pageIndex: number;
  /** The zoom as configured: a mode ('AUTO', 'FIT_TO_WIDTH', a zoom configuration) or a number. */
  zoom: unknown;
  /** The number it resolved to, when the SDK says; restored instead of a mode when scroll is restored. */
  zoomLevel: number | undefined;
  /** Scroller offsets in CSS pixels; undefined when the scroller could not be found. */
  scroll: { left: number; top: number } | undefined;
  sidebarMode: string | null;
  interactionMode: string | null;
}

/** The object passed is not a viewer instance with a view state, or not a snapshot. */
export class ViewSnapshotError extends TypeError {
  override name = 'ViewSnapshotError';
}

/** Class name of the element that scrolls the pages (same in 1.12 and pspdfkit 2024.8). */
export const SCROLLER_SELECTOR = '.PSPDFKit-Scroll';

interface Scroller { scrollLeft: number; scrollTop: number }

function isScroller(value: unknown): value is Scroller {
  const candidate = value as Partial<Scroller> | null;
  return typeof candidate?.scrollLeft === 'number' && typeof candidate.scrollTop === 'number';
}

function scrollerOf(instance: ViewStateInstance): Scroller | undefined {
  try {
    const element = instance.contentDocument?.querySelector(SCROLLER_SELECTOR);
    return isScroller(element) ? element : undefined;
  } catch {
    return undefined; // an unloaded instance's document can throw on access
  }
}

function checkInstance(instance: unknown): asserts instance is ViewStateInstance {
  const candidate = instance as Partial<ViewStateInstance> | null;
  if (typeof candidate?.viewState?.set !== 'function' || typeof candidate.setViewState !== 'function') {
    throw new ViewSnapshotError('Expected a viewer instance with viewState and setViewState()');
  }
}

function checkSnapshot(snapshot: unknown): asserts snapshot is ViewSnapshot {
  const { pageIndex, scroll } = (snapshot ?? {}) as Partial<ViewSnapshot>;
  if (!Number.isInteger(pageIndex) || pageIndex! < 0) throw new ViewSnapshotError('ViewSnapshot.pageIndex must be an integer >= 0');
  if (scroll !== undefined && !(Number.isFinite(scroll?.left) && Number.isFinite(scroll?.top))) {
    throw new ViewSnapshotError('ViewSnapshot.scroll must have finite left and top');
  }
}

const finiteOrUndefined = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);

/**
 * Reads the view of a loaded viewer.
 *
 * @example
 * const snapshot = captureViewSnapshot(oldInstance);
 * // ... load the new viewer ...
 * await restoreViewSnapshot(newInstance, snapshot);
 */
export function captureViewSnapshot(instance: ViewStateInstance): ViewSnapshot {
  checkInstance(instance);
  const state = instance.viewState;
  const scroller = scrollerOf(instance);
  return {
    pageIndex: state.currentPageIndex,
    zoom: state.zoom,
    zoomLevel: finiteOrUndefined(instance.currentZoomLevel),
    scroll: scroller ? { left: scroller.scrollLeft, top: scroller.scrollTop } : undefined,
    sidebarMode: state.sidebarMode ?? null,
    interactionMode: state.interactionMode ?? null,
  };
}

/**
 * Puts a captured view on a viewer of the same document in a container of the same size. With a
 * scroll position, the zoom is set to the number it had resolved to (a mode could resolve
 * differently while the container is hidden) and the scroller is moved after the layout.
 *
 * @example
 * await restoreViewSnapshot(newInstance, captureViewSnapshot(oldInstance));
 */
export async function restoreViewSnapshot(
  instance: ViewStateInstance, snapshot: ViewSnapshot, nextFrame: NextFrame = twoFramesIn(),
): Promise<void> {
  checkInstance(instance);
  checkSnapshot(snapshot);
  const zoom = snapshot.scroll && snapshot.zoomLevel !== undefined ? snapshot.zoomLevel : snapshot.zoom;
  instance.setViewState((state) =>
    state
      .set('currentPageIndex', snapshot.pageIndex)
      .set('zoom', zoom)
      .set('sidebarMode', snapshot.sidebarMode)
      .set('interactionMode', snapshot.interactionMode),
  );
  if (!snapshot.scroll) return;
  await nextFrame(); // offsets set before the new zoom's layout would be clamped to the old one
  const scroller = scrollerOf(instance);
  if (!scroller) return;
  scroller.scrollLeft = snapshot.scroll.left;
  scroller.scrollTop = snapshot.scroll.top;
}
