// What demo/contract.ts exposes on window for the contract test (types only).
import type NutrientViewer from '@nutrient-sdk/viewer';
import type { Instance } from '@nutrient-sdk/viewer';

/** What a rejected `load()` carried, as plain data. */
export interface LoadErrorShape {
  name: string;
  message: string;
  status?: number;
  body?: string;
}

export interface ContractPage {
  status: 'loading' | 'loaded' | 'failed';
  error?: string;
  /** `NutrientViewer.version` of the SDK the page loaded (`?sdk=`, default the main dev dependency). */
  sdkVersion?: string;
  /** The latest load's first `load()` error when the engine refused the first token; it then loaded again. */
  firstLoadError?: LoadErrorShape;
  /** Since the latest load: how often the viewer called onAuthFailed, and how often the page called setSession. */
  authFailedCalls: number;
  setSessionCalls: number;
  /** How many loads the page started (1 + loadAgain calls). */
  loads: number;
  /** Proactive renewal: fetches a fresh JWT and hands it to setSession. */
  renewNow(): Promise<void>;
  /** Unloads the viewer and loads it again in the same container with a new token (as after a stale one). */
  loadAgain(options?: { instant?: boolean }): Promise<void>;
}

declare global {
  interface Window {
    __viewer?: Instance;
    __contract?: ContractPage;
    NutrientViewer?: typeof NutrientViewer;
  }
}
