// What demo/tabs-e2e.ts exposes on window for test/e2e/tabs.test.ts (types only).
import type { Instance } from '@nutrient-sdk/viewer';
import type { ViewerSession } from '../src/index';

/** An event as the test sees it: serialisable, no token text (the library never puts any in events). */
export interface TabEvent {
  type: string;
  at: number;
  reason?: string;
  /** `renewed` only: `this-tab` (this page asked the endpoint) or `other-tab` (another tab's token). */
  source?: string;
  attempts?: number;
  status?: number;
  fatal?: boolean;
  state?: string;
  error?: { name: string; reason?: string };
}

export interface TabsE2ePage {
  status: 'loading' | 'loaded' | 'failed';
  events: TabEvent[];
  loadError?: { name: string; message: string };
  session?: ViewerSession<Instance>;
  /** `document.visibilityState` when the page loaded: visible tabs take the renewal first. */
  visibility: string;
  /** Draws a rectangle on `pageIndex` and resolves with its id once the engine has it. */
  createRectangle(pageIndex: number, n: number): Promise<string>;
  /** Zooms to a level not rendered yet, so new tiles are needed. */
  zoomTo(zoom: number): Promise<void>;
  goToPage(pageIndex: number): Promise<void>;
}

declare global {
  interface Window {
    __tabs?: TabsE2ePage;
  }
}
