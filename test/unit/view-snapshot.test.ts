import { describe, expect, it } from 'vitest';
import {
  captureViewSnapshot,
  restoreViewSnapshot,
  SCROLLER_SELECTOR,
  type ViewSnapshot,
  ViewSnapshotError,
  type ViewStateInstance,
  type ViewStateRecord,
} from '../../src/viewer/view-snapshot';

// The SDK's ViewState is an Immutable record: read by property, `set` returns a new record and
// leaves the old one alone. This fake keeps that habit, so a restore that mutates fails.
class FakeViewState implements ViewStateRecord {
  declare readonly currentPageIndex: number;
  declare readonly zoom: unknown;
  declare readonly sidebarMode: string | null;
  declare readonly interactionMode: string | null;

  constructor(private readonly values: Record<string, unknown>) {
    Object.assign(this, values);
    Object.freeze(this);
  }

  set(key: string, value: unknown): FakeViewState {
    return new FakeViewState({ ...this.values, [key]: value });
  }
}

// Like the real viewer: a zoom mode resolves to a number (here from the container's width), and
// the scroller clamps offsets to what the current zoom's layout allows.
const PAGES_HEIGHT_AT_ZOOM_1 = 2000; // px of scrollable content per unit of zoom

class FakeScroller {
  private left = 0;
  private top = 0;
  constructor(private readonly maxTop: () => number) {}
  get scrollLeft(): number { return this.left; }
  set scrollLeft(value: number) { this.left = Math.max(0, value); }
  get scrollTop(): number { return this.top; }
  set scrollTop(value: number) { this.top = Math.min(Math.max(0, value), this.maxTop()); }
}

class FakeViewer implements ViewStateInstance {
  viewState = new FakeViewState({ currentPageIndex: 0, zoom: 'AUTO', sidebarMode: null, interactionMode: null });
  laidOutZoom: number;
  readonly scroller = new FakeScroller(() => PAGES_HEIGHT_AT_ZOOM_1 * this.laidOutZoom);
  setViewStateCalls = 0;
  contentDocument: ViewStateInstance['contentDocument'] = {
    querySelector: (selector: string) => (selector === SCROLLER_SELECTOR ? this.scroller : null),
  };

  constructor(private readonly autoZoom = 1.2) {
    this.laidOutZoom = autoZoom;
  }

  get currentZoomLevel(): number {
    return typeof this.viewState.zoom === 'number' ? this.viewState.zoom : this.autoZoom;
  }

  setViewState(update: (state: ViewStateRecord) => ViewStateRecord): void {
    this.setViewStateCalls += 1;
    this.viewState = update(this.viewState) as FakeViewState;
  }

  /** What the next frame does in the SDK: lays out at the new zoom, then scroll limits follow. */
  layOut(): void {
    this.laidOutZoom = this.currentZoomLevel;
  }

  scrollTo(left: number, top: number): void {
    this.layOut();
    this.scroller.scrollLeft = left;
    this.scroller.scrollTop = top;
  }
}

const snapshotOf = (overrides: Partial<ViewSnapshot> = {}): ViewSnapshot => ({
  pageIndex: 2, zoom: 2.5, zoomLevel: 2.5, scroll: { left: 40, top: 1800 }, sidebarMode: 'THUMBNAILS', interactionMode: 'INK', ...overrides,
});

describe('captureViewSnapshot', () => {
  it('reads page, zoom, the level it resolved to, scroll, sidebar and tool', () => {
    const viewer = new FakeViewer(1.2);
    viewer.setViewState((state) => state.set('currentPageIndex', 3).set('sidebarMode', 'ANNOTATIONS').set('interactionMode', 'INK'));
    viewer.scrollTo(12, 2000);
    expect(captureViewSnapshot(viewer)).toEqual({
      pageIndex: 3, zoom: 'AUTO', zoomLevel: 1.2, scroll: { left: 12, top: 2000 }, sidebarMode: 'ANNOTATIONS', interactionMode: 'INK',
    });
  });

  it('keeps a zoom configuration object as it is (1.12 reports zoom so)', () => {
    const viewer = new FakeViewer();
    const zoom = { zoomMode: 'AUTO', wheelZoomMode: 'WITH_CTRL', options: { enableKeyboardZoom: true } };
    viewer.setViewState((state) => state.set('zoom', zoom));
    expect(captureViewSnapshot(viewer).zoom).toBe(zoom);
  });

  it('has no scroll when the scroller is missing or the document throws (unloaded viewer)', () => {
    const missing = new FakeViewer();
    missing.contentDocument = { querySelector: () => null };
    expect(captureViewSnapshot(missing).scroll).toBeUndefined();
    const unloaded = new FakeViewer();
    unloaded.contentDocument = { querySelector: () => { throw new Error('detached'); } };
    expect(captureViewSnapshot(unloaded).scroll).toBeUndefined();
  });

  it('rejects something that is not a viewer instance with a typed error', () => {
    expect(() => captureViewSnapshot({} as never)).toThrow(ViewSnapshotError);
    expect(() => captureViewSnapshot(null as never)).toThrow(ViewSnapshotError);
  });
});

describe('restoreViewSnapshot', () => {
  it('makes a fresh viewer show what the old one showed, read back from the new one', async () => {
    const before = new FakeViewer(1.2);
    before.setViewState((state) => state.set('currentPageIndex', 2).set('zoom', 2.5).set('sidebarMode', 'THUMBNAILS').set('interactionMode', 'INK'));
    before.scrollTo(40, 1800);
    const after = new FakeViewer(0.5);
    await restoreViewSnapshot(after, captureViewSnapshot(before), async () => after.layOut());
    // 1800 px is beyond what the new viewer's first layout (zoom 0.5: 1000 px) can scroll: set
    // before the new zoom's layout, it would be clamped.
    expect(captureViewSnapshot(after)).toEqual(captureViewSnapshot(before));
  });

  it('restores the resolved number, not the mode, when it restores a scroll position', async () => {
    // A hidden or differently sized container would resolve 'AUTO' differently: the scroll offsets
    // only mean the same place at the same zoom.
    const after = new FakeViewer(0.8);
    await restoreViewSnapshot(after, snapshotOf({ zoom: 'AUTO', zoomLevel: 1.2 }), async () => after.layOut());
    expect(after.viewState.zoom).toBe(1.2);
    expect(after.currentZoomLevel).toBe(1.2);
    expect([after.scroller.scrollLeft, after.scroller.scrollTop]).toEqual([40, 1800]);
  });

  it('restores the mode when there is no scroll to restore', async () => {
    const after = new FakeViewer();
    await restoreViewSnapshot(after, snapshotOf({ zoom: 'FIT_TO_WIDTH', zoomLevel: 1.2, scroll: undefined }), async () => after.layOut());
    expect(after.viewState.zoom).toBe('FIT_TO_WIDTH');
  });

  it('scrolls only after the layout of the new zoom (one setViewState, then the frame, then scroll)', async () => {
    const after = new FakeViewer();
    const order: string[] = [];
    await restoreViewSnapshot(after, snapshotOf(), async () => {
      order.push(`frame: zoom ${after.viewState.zoom}, scroll ${after.scroller.scrollTop}`);
    });
    order.push(`done: scroll ${after.scroller.scrollTop}`);
    expect(order).toEqual(['frame: zoom 2.5, scroll 0', 'done: scroll 1800']);
    expect(after.setViewStateCalls).toBe(1);
  });

  it('rejects a bad snapshot with a typed error and leaves the viewer alone', async () => {
    const after = new FakeViewer();
    await expect(restoreViewSnapshot(after, snapshotOf({ pageIndex: -1 }), async () => {})).rejects.toThrow(ViewSnapshotError);
    await expect(restoreViewSnapshot(after, snapshotOf({ scroll: { left: Number.NaN, top: 0 } }), async () => {})).rejects.toThrow(ViewSnapshotError);
    await expect(restoreViewSnapshot(after, undefined as never, async () => {})).rejects.toThrow(ViewSnapshotError);
    expect(after.setViewStateCalls).toBe(0);
  });
});
