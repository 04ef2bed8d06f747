// What demo/contract.ts exposes on window for the contract test (types only).
import type NutrientViewer from '@nutrient-sdk/viewer';
import type { Instance } from '@nutrient-sdk/viewer';

export interface ContractPage {
  status: 'loading' | 'loaded' | 'failed';
  error?: string;
  /** How often the viewer called onAuthFailed, and how often the page answered with setSession. */
  authFailedCalls: number;
  setSessionCalls: number;
}

declare global {
  interface Window {
    __viewer?: Instance;
    __contract?: ContractPage;
    NutrientViewer?: typeof NutrientViewer;
  }
}
