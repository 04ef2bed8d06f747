// What the page exposes for tests and the console: window.demo.session (the current
// ViewerSession, replaced when a toggle reloads the viewer) and every session event so far.
import type { Instance } from '@nutrient-sdk/viewer';
import type { SessionEvent, ViewerSession } from '../../src/index';

export interface DemoWindowApi {
  readonly session: ViewerSession<Instance> | undefined;
  readonly events: SessionEvent[];
  /** 'loading' | 'loaded' | 'failed' */
  readonly loadStatus: string;
}

declare global {
  interface Window {
    demo?: DemoWindowApi;
  }
}
