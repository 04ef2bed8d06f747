// What demo/session-e2e.ts exposes on window for the end-to-end tests (types only).
import type { Instance } from '@nutrient-sdk/viewer';
import type { LogEntry, ViewerSession } from '../src/index';

/** An event as the tests see it: serialisable, no token text (the library never has any in events). */
export interface RecordedEvent {
  type: string;
  at: number;
  reason?: string;
  attempts?: number;
  attempt?: number;
  status?: number;
  delayMs?: number;
  fatal?: boolean;
  state?: string;
  error?: { name: string; message: string; reason?: string };
  /** `ended`: changes that could not be saved before the end. */
  unsavedChanges?: number;
  /** `save-failed`: how many changes, and on which occasion. */
  changes?: number;
  during?: string;
}

export interface SessionE2ePage {
  status: 'loading' | 'loaded' | 'failed';
  /** Set once per page load: a reload would change it. */
  marker: number;
  events: RecordedEvent[];
  /** How many times the library called the viewer's setSession after load. */
  setSessionCalls: number;
  loadError?: { name: string; message: string };
  /** With `?debug=1`: every entry the session's `debug` function received. */
  log: LogEntry[];
  session?: ViewerSession<Instance>;
  /** Creates a rectangle on `pageIndex` and resolves with its id once the engine has it. */
  createRectangle(pageIndex: number, n: number): Promise<string>;
  /** Starts creating a rectangle; resolves with its id at once (saving continues in the background). */
  startRectangle(pageIndex: number, n: number): Promise<string>;
  /** Edits an annotation (moves it) and waits until the engine has the change. */
  moveAnnotation(id: string, dx: number): Promise<void>;
  /** Zoom to a level the viewer has not rendered yet, so new tiles are needed. */
  zoomTo(zoom: number): Promise<void>;
  goToPage(pageIndex: number): Promise<void>;
  /** Whether every local change has reached the engine. */
  hasUnsavedChanges(): boolean;
  /** The viewer's view state says read-only. */
  readOnly(): boolean;
  /** The ids of the annotations the viewer shows, on every page. */
  annotationIds(): Promise<string[]>;
  /** Unloads the viewer with the SDK's own `unload`, bypassing the library (the control case). */
  unloadBare(): void;
}

declare global {
  interface Window {
    __e2e?: SessionE2ePage;
  }
}
