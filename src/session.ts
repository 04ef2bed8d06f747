import type { SessionError } from './errors.js';
import type { SessionEventMap, SessionEvents, SessionEventType, SessionListener, SessionState } from './events.js';
import type { Renewer } from './renewer.js';
import { unloadQuietly, type ViewerInstance, type ViewerSdk } from './viewer-sdk.js';

/** A loaded viewer whose Document Engine session renews itself. */
export class ViewerSession<I extends ViewerInstance> {
  readonly #renewer: Renewer;
  readonly #events: SessionEvents;
  readonly #sdk: ViewerSdk<I>;

  /** @internal Use `loadViewer()`. */
  constructor(readonly instance: I, internals: { renewer: Renewer; events: SessionEvents; sdk: ViewerSdk<I> }) {
    this.#renewer = internals.renewer;
    this.#events = internals.events;
    this.#sdk = internals.sdk;
  }

  get state(): SessionState {
    return this.#renewer.state;
  }

  /** When the viewer's token expires, as `Date.now()` ms in this browser's clock. */
  get expiresAt(): number | undefined {
    return this.#renewer.expiresAt;
  }

  /** When the next proactive renewal is due, as `Date.now()` ms; undefined when none is planned. */
  get renewAt(): number | undefined {
    return this.#renewer.renewAt;
  }

  /** The last failure, until a renewal succeeds. */
  get lastError(): SessionError | undefined {
    return this.#renewer.lastError;
  }

  /** Renews now (joins a renewal in flight). Also the way back after the session `ended`. */
  renew(): Promise<void> {
    return this.#renewer.renew('manual');
  }

  on<T extends SessionEventType>(type: T, listener: (event: SessionEventMap[T]) => void): () => void {
    return this.#events.on(type, listener);
  }

  /** Every event, as one discriminated union. Returns the unsubscribe function. */
  subscribe(listener: SessionListener): () => void {
    return this.#events.subscribe(listener);
  }

  /** Stops renewal (aborts a request in flight, clears timers and listeners) and unloads the viewer. Idempotent. */
  unload(): void {
    if (this.#renewer.state === 'unloaded') return;
    this.#renewer.dispose();
    this.#events.clear();
    unloadQuietly(this.#sdk, this.instance);
  }
}
