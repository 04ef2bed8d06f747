// What demo/swap-e2e.ts exposes on window for test/e2e/swap.test.ts (types only).
import type { ViewSnapshot } from '../src/viewer/view-snapshot';

export interface SwapE2eEvent {
  type: string;
  at: number;
  reason?: string;
  method?: string;
  error?: string;
}

export interface SwapE2ePage {
  status: 'loading' | 'loaded' | 'failed';
  loadError?: string;
  sdkVersion?: string;
  events: SwapE2eEvent[];
  /** How many distinct viewer instances the page has seen through `instance` events. */
  instances: number;
  /** The current view, read back from the viewer (page, zoom, scroll, sidebar, tool). */
  view(): ViewSnapshot;
  goToPage(pageIndex: number): void;
  zoomTo(zoom: number): void;
  scrollBy(dy: number): void;
  /** Creates a rectangle and returns its id at once; saving is the library's business from then on. */
  drawRectangle(pageIndex: number, n: number): Promise<string>;
  state(): string;
  /** `session.unload()`: saves what is pending, then unloads the viewer (issue 20). */
  unload(): Promise<void>;
  /** What the viewer says is unsaved, and what the session counts. */
  unsaved(): { viewer: boolean; session: number };
  /** `session.instance` is the viewer the last `instance` event named (the public API follows the swap). */
  instanceFollows(): boolean;
  /**
   * Animation frames since load in which the viewer on top showed no drawn page image (a blank
   * frame the user would see), checked every frame; and how many frames were checked.
   */
  blankFrames: number;
  /** When the first 50 blank frames came (`Date.now()`), to place them against the swap's events. */
  blankAt: number[];
  /** The time those blank frames were on screen. */
  blankMs: number;
  framesChecked: number;
  /**
   * Renews now by the page's method and resolves once a drawn viewer has the new token, with what
   * it cost the user: long main-thread tasks (over 50 ms, summed) and blank time on screen.
   */
  handOver(): Promise<{ longTaskMs: number; blankMs: number; totalMs: number }>;
  /** The ids of the annotations the current viewer shows, on every page. */
  annotationIds(): Promise<string[]>;
  /** Sets the tool (`viewState.interactionMode`), e.g. 'SHAPE_RECTANGLE', 'TEXT', or null. */
  setTool(mode: string | null): void;
  /** Animation frames in which the viewer shown was read-only (a swap's last moments: rule swap-freeze). */
  readOnlyFrames: number;
  /** Ids of every annotation a viewer of this page created ('annotations.create'), in order. */
  created: string[];
  /** Per switch: the old viewer's view in the last frame before it, the new one's right after. */
  switches: { before: ViewSnapshot | undefined; after: ViewSnapshot; inputSinceFrame: boolean; at: number; author?: string | null }[];
  /**
   * By id, at each annotation's first `annotations.create`: the author its viewer had (the SDK's
   * `annotationCreatorName`, undocumented), the annotation's own `creatorName`, which viewer of the page
   * made it (1: the first), and when.
   */
  authorAtCreate: Record<string, { viewer: string | null | undefined; annotation: string | null | undefined; instance: number; at: number }>;
  /** Run-time settings of the current viewer: what a swap must carry over. */
  settings(): { pagesRotation: number; layoutMode: string; toolbarIds: string[] };
  /** Changes those settings at run time the way an app does (rotation, two pages, a custom item, the author). */
  changeSettings(author: string): void;
  /** Focuses the current viewer's toolbar button with this label (e.g. 'Zoom In'); returns whether it is focused. */
  focusToolbarButton(title: string): boolean;
  /** The focused element, inside the viewer's shadow root: its label or title, or its tag; 'body' when focus was dropped. */
  focused(): string;
  /** With ?log, where focus went and where each key went (the element's label, ms since the epoch), the last 200: for a failure message. */
  focusLog: string[];
  /** The text of the editor that has focus; undefined when focus is not in an editor. */
  focusedText(): string | undefined;
  /** Ends text editing the way a click elsewhere does (the editor loses focus and the SDK keeps its text). */
  commitEditor(): void;
  /** The app's own `NutrientViewer.unload(target)`; returns what the SDK returned. */
  appUnload(target: string): boolean;
  /** How many uncaught page errors (window 'error') the page saw, with messages. */
  errors: string[];
  /**
   * A hidden viewer that has not taken over 8 s after it was added (a stalled swap): what its slot
   * showed then, once per slot, for the test's failure message.
   */
  slowSlots: { ms: number; size: string; pages: number; loaded: number; images: string[] }[];
  /** Every hidden slot a swap added: when, when its viewer first had all page images drawn, and how it ended (shown, or dropped for a restart). */
  slotLog: { added: number; drawnAt?: number; ended?: number; how?: 'shown' | 'dropped' }[];
  /** With ?log, the session's log (its `debug` entries: what, rule, action, when), for a failing test's message. */
  log: string[];
}

declare global {
  interface Window {
    __swap?: SwapE2ePage;
  }
}
