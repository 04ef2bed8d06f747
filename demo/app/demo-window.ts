// What the page exposes for tests and the console: window.demo.session (the current
// ViewerSession, replaced when a toggle reloads the viewer), every session event so far, the
// checklist and the report.
import type { Instance } from '@nutrient-sdk/viewer';
import type { SessionEvent, ViewerSession } from '../../src/index';
import type { ScenarioResult } from './checklist/scenario';
import type { reportJson } from './report';

export interface DemoWindowApi {
  readonly session: ViewerSession<Instance> | undefined;
  readonly events: SessionEvent[];
  /** 'loading' | 'loaded' | 'failed' */
  readonly loadStatus: string;
  /** Why the viewer did not load (the banner's text), while `loadStatus` is 'failed'. */
  readonly loadError: string | undefined;
  readonly checklist: readonly ScenarioResult[];
  readonly checklistBusy: boolean;
  runChecklist(): Promise<void>;
  runScenario(id: string): Promise<void>;
  report(): ReturnType<typeof reportJson>;
  reportHtml(): string;
  reset(): Promise<void>;
}

declare global {
  interface Window {
    demo?: DemoWindowApi;
  }
}
