// A loaded-or-loading viewer as an external store: what the React and Vue adapters (and any other
// framework) need. mount() starts a cancellable load, unmount() cancels it or unloads the viewer;
// the snapshot is immutable and only replaced when something changed.
import type { Instance } from '@nutrient-sdk/viewer';
import type { SessionState } from '../session/events.js';
// The lazy front door, as `loadViewer` of the main entry: a page that renders an adapter keeps the
// session code (with ky, p-retry, jose) and the SDK out of its first chunk; they load on mount.
import { loadViewer } from '../lazy/index.js';
import type { LoadViewerOptions } from './load-viewer.js';
import type { LoadedViewerSession } from '../session/session.js';
import type { ViewerInstance } from './viewer-sdk.js';
import type { SessionDiagnosis } from '../diagnostics/diagnosis.js';

/**
 * The session's state, or `failed`: the viewer could not be loaded; `lastError` says why.
 * @example if (snapshot.state === 'failed') showError(snapshot.lastError);
 */
export type ViewerStatus = SessionState | 'failed';

/**
 * What a framework renders from. A new object whenever one of its fields changes.
 * @example const { state, lastError, instance } = store.getSnapshot();
 */
export interface ViewerSnapshot<I extends ViewerInstance = Instance> {
  /** `starting` until the viewer is there, then the session's state; `failed` when loading failed. */
  state: ViewerStatus;
  /** The last failure: the load's, or a renewal's until one succeeds. */
  lastError: Error | undefined;
  /** The viewer instance once loaded. */
  instance: I | undefined;
  /** The session once loaded: `renew()`, `on()`, `expiresAt`… */
  session: LoadedViewerSession<I> | undefined;
  /**
   * `session.diagnose()` for a support ticket; undefined while no session is loaded. The same
   * function in every snapshot (no re-render), read when called.
   * @example <button onClick={() => copy(JSON.stringify(viewer.diagnose()))}>Copy diagnosis</button>
   */
  diagnose: () => SessionDiagnosis | undefined;
}

/** `isSessionError(error, 'load-aborted')` without importing the error classes into the first chunk. */
const isLoadAborted = (error: unknown) =>
  error instanceof Error && error.name === 'LoadAbortedError' && (error as { code?: unknown }).code === 'load-aborted';


type Fields<I extends ViewerInstance> = Omit<ViewerSnapshot<I>, 'diagnose'>;
const idle = { state: 'starting', lastError: undefined, instance: undefined, session: undefined } as const;

/**
 * One viewer slot: `mount()` loads into a container, `unmount()` cancels or unloads. `subscribe` and
 * `getSnapshot` are bound and fit `useSyncExternalStore`, Svelte stores or signals.
 *
 * @example
 * const store = new ViewerStore();
 * const off = store.subscribe(() => render(store.getSnapshot()));
 * store.mount({ container: el, serverUrl, documentId, refresh: '/api/viewer-token' });
 * // later
 * store.unmount();
 */
export class ViewerStore<I extends ViewerInstance = Instance> {
  readonly #diagnose = (): SessionDiagnosis | undefined => this.#snapshot.session?.diagnose();
  #snapshot: ViewerSnapshot<I> = { ...idle, diagnose: this.#diagnose };
  readonly #listeners = new Set<() => void>();
  #current: { controller: AbortController; stop: () => void } | undefined;

  /**
   * Calls `listener` after every snapshot change. Returns the unsubscribe function.
   * @example const off = store.subscribe(() => console.log(store.getSnapshot().state));
   */
  readonly subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  /**
   * The current snapshot (the same object until something changes).
   * @example const { state, instance } = store.getSnapshot();
   */
  readonly getSnapshot = (): ViewerSnapshot<I> => this.#snapshot;

  /**
   * Loads a viewer; a viewer this store had loaded (or was loading) is unloaded first.
   * @example store.mount({ container: el, serverUrl, documentId, refresh: '/api/viewer-token' });
   */
  mount(options: LoadViewerOptions<I>): void {
    this.unmount();
    const controller = new AbortController();
    const current = { controller, stop: () => {} };
    this.#current = current;
    this.#set({ ...idle });
    const onEvent = options.onEvent;
    loadViewer<I>({ ...options, signal: controller.signal, onEvent }).then(
      (session) => {
        if (this.#current !== current) return session.unload();
        const update = () =>
          this.#set({ state: session.state, lastError: session.lastError, instance: session.instance, session });
        current.stop = session.subscribe(update);
        update();
      },
      (error: unknown) => {
        // A cancelled load is the framework's business (unmount, StrictMode), not an error.
        if (isLoadAborted(error) || this.#current !== current) return;
        this.#set({ ...idle, state: 'failed', lastError: error instanceof Error ? error : new Error(String(error)) });
      },
    );
  }

  /**
   * Cancels a load in flight or unloads the viewer; stops renewal. Idempotent.
   * @example store.unmount();
   */
  unmount(): void {
    const current = this.#current;
    if (!current) return;
    this.#current = undefined;
    current.controller.abort();
    current.stop();
    this.#snapshot.session?.unload();
    this.#set({ ...idle, state: 'unloaded' });
  }

  #set(next: Fields<I>): void {
    const now = this.#snapshot;
    if (now.state === next.state && now.lastError === next.lastError && now.instance === next.instance && now.session === next.session) {
      return;
    }
    this.#snapshot = { ...next, diagnose: this.#diagnose };
    for (const listener of [...this.#listeners]) listener();
  }
}
