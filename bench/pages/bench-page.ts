// What bench/pages/viewer.ts exposes on window for the browser benchmarks (types only).
/** ours = loadViewer; guide = the guide's pattern; oracle = onAuthFailed hands over a token fetched beforehand. */
export type Mode = 'ours' | 'guide' | 'oracle';

export interface BenchPage {
  ready: true;
  /**
   * Loads the viewer the `mode` way, starting without a token (token fetch + load, as a page without
   * a server-rendered JWT does). Resolves with performance.now() from just before to load() resolving.
   */
  load(mode: Mode): Promise<number>;
  /** Unloads whichever viewer is loaded (ours: session.unload(); guide and oracle: NutrientViewer.unload + the guide's timer). */
  unload(): void;
  /** Fetches a token now for the oracle's next onAuthFailed; resolves with the round trip in ms. */
  prefetch(): Promise<number>;
  /** Sets the zoom (new tile sizes, so new tile requests). */
  zoom(level: number): void;
  /**
   * Renews the loaded viewer's session `count` times, one after the other (ours: `session.renew()`;
   * guide and oracle: the guide's renewal, a token fetch and `setSession`). Resolves when all are done.
   */
  renew(count: number): Promise<void>;
  /** Main-thread timer callbacks (setTimeout, setInterval) run since the page opened (counted by an init script, when installed). */
  readonly timerCallbacks: number;
  /** Since the last load: onAuthFailed calls and tokens handed to setSession by renewal. */
  authFailedCalls: number;
  setSessionCalls: number;
}

declare global {
  interface Window {
    __bench?: BenchPage;
  }
}
