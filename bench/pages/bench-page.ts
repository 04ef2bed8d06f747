// What bench/pages/viewer.ts exposes on window for the browser benchmarks (types only).
export type Mode = 'ours' | 'baseline';

export interface BenchPage {
  ready: true;
  /**
   * Loads the viewer the `mode` way, starting without a token (token fetch + load, as a page without
   * a server-rendered JWT does). Resolves with performance.now() from just before to load() resolving.
   */
  load(mode: Mode): Promise<number>;
  /** Unloads whichever viewer is loaded (ours: session.unload(); baseline: NutrientViewer.unload + its timer). */
  unload(): void;
  /** Sets the zoom (new tile sizes, so new tile requests). */
  zoom(level: number): void;
  /** Since the last load: onAuthFailed calls and tokens handed to setSession by renewal. */
  authFailedCalls: number;
  setSessionCalls: number;
}

declare global {
  interface Window {
    __bench?: BenchPage;
  }
}
