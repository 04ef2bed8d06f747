import type { Instance } from '@nutrient-sdk/viewer';
import type { SessionError } from './errors.js';
import type { SessionEventMap, SessionEventType, SessionListener, SessionState } from './events.js';
import {
  SessionCore,
  type AttachOptions,
  type SessionLoadConfiguration,
  type ViewerSessionOptions,
} from './session-core.js';
import type { ViewerInstance } from './viewer-sdk.js';

/** What every session offers, however its viewer was loaded. `on` and `subscribe` are bound: pass them around. */
export abstract class SessionHandle<I extends ViewerInstance = Instance> {
  /** @internal */
  protected readonly core: SessionCore<I>;

  /** @internal */
  constructor(core: SessionCore<I>) {
    this.core = core;
  }

  /**
   * `starting`, `active`, `renewing`, `expired`, `ended` or `unloaded`.
   * @example if (session.state === 'ended') showSignInBanner();
   */
  get state(): SessionState {
    return this.core.renewer.state;
  }

  /**
   * When the viewer's token expires, as `Date.now()` ms in this browser's clock.
   * @example const secondsLeft = (session.expiresAt! - Date.now()) / 1000;
   */
  get expiresAt(): number | undefined {
    return this.core.renewer.expiresAt;
  }

  /**
   * When the next proactive renewal is due, as `Date.now()` ms; undefined when none is planned.
   * @example new Date(session.renewAt!).toISOString();
   */
  get renewAt(): number | undefined {
    return this.core.renewer.renewAt;
  }

  /**
   * The last failure, until a renewal succeeds.
   * @example if (session.lastError) console.warn(session.lastError.name);
   */
  get lastError(): SessionError | undefined {
    return this.core.renewer.lastError;
  }

  /**
   * Renews now (joins a renewal in flight). Also the way back after the session `ended`.
   * @example await session.renew();
   */
  renew(): Promise<void> {
    return this.core.renewer.renew('manual');
  }

  /**
   * The user signed out: renewal ends here (state `ended`, one `ended` event) and, with `sharing`,
   * in every tab of the same scope. `renew()` starts again after a new sign-in.
   * @example logoutButton.onclick = () => session.signOut();
   */
  signOut(): void {
    this.core.renewer.signOut();
  }

  /**
   * Listens to one event type. Returns the unsubscribe function. Bound: safe to pass around.
   * @example const off = session.on('ended', () => showSignInBanner());
   */
  readonly on = <T extends SessionEventType>(type: T, listener: (event: SessionEventMap[T]) => void): (() => void) =>
    this.core.events.on(type, listener);

  /**
   * Every event, as one discriminated union. Returns the unsubscribe function. Bound, so it fits
   * React's `useSyncExternalStore(session.subscribe, () => session.state)`.
   * @example const off = session.subscribe((event) => console.debug(event.type));
   */
  readonly subscribe = (listener: SessionListener): (() => void) => this.core.events.subscribe(listener);

  /**
   * Stops renewal (aborts a request in flight, clears timers and listeners) and unloads the viewer
   * when the session knows the SDK. Idempotent. Emits a last `state` event, `unloaded`.
   * @example session.unload();
   */
  unload(): void {
    this.core.release(true);
  }
}

/**
 * A loaded viewer whose Document Engine session renews itself: what `loadViewer()` resolves with.
 *
 * @example
 * const session = await loadViewer({ container: '#viewer', serverUrl, documentId, refresh: '/api/viewer-token' });
 * session.instance.setViewState((state) => state.set('currentPageIndex', 2));
 * session.unload();
 */
export class ViewerSession<I extends ViewerInstance = Instance> extends SessionHandle<I> {
  /**
   * The viewer instance, as `NutrientViewer.load()` gave it.
   * @example session.instance.totalPageCount;
   */
  get instance(): I {
    return this.core.instance!;
  }
}

/**
 * A session for a viewer you load yourself: spread `loadConfiguration()` into `NutrientViewer.load`,
 * then `attach()` the instance. Same renewal, events and teardown as `loadViewer`.
 *
 * @example
 * const session = createViewerSession({ documentId, refresh: '/api/viewer-token' });
 * const instance = await NutrientViewer.load({ container, serverUrl, documentId, ...(await session.loadConfiguration()) });
 * session.attach(instance, { sdk: NutrientViewer, container });
 * // later: session.unload() stops renewal and unloads the viewer
 */
export class ManualViewerSession<I extends ViewerInstance = Instance> extends SessionHandle<I> {
  /**
   * The attached viewer instance; undefined until `attach()`.
   * @example session.instance?.totalPageCount;
   */
  get instance(): I | undefined {
    return this.core.instance;
  }

  /**
   * `authPayload` (a valid token, fetched when the session has none) and `onAuthFailed`, for
   * `NutrientViewer.load`. Rejects with `LoadAbortedError` when the session's `signal` aborts first.
   * @example
   * const instance = await NutrientViewer.load({ container, serverUrl, documentId, ...(await session.loadConfiguration()) });
   */
  loadConfiguration(): Promise<SessionLoadConfiguration> {
    return this.core.loadConfiguration();
  }

  /**
   * Hands the loaded instance to the session: it gets the newest token if one arrived during
   * `load()`, and renewal goes on. With `sdk`, `unload()` unloads the viewer; with `container`, an
   * unload by the app is noticed. Throws `LoadAbortedError` (the viewer is unloaded when `sdk` is
   * given) if the session was cancelled meanwhile, and `ViewerLoadError` if the viewer threw.
   * @example session.attach(instance, { sdk: NutrientViewer, container: '#viewer' });
   */
  attach(instance: I, options?: AttachOptions<I>): void {
    this.core.attach(instance, options);
  }
}

/**
 * Bring your own load: a session for a viewer you load with `NutrientViewer.load` yourself (an
 * Angular service, an existing wrapper, several documents). `loadViewer` is built on it.
 *
 * @example
 * const session = createViewerSession({ documentId: 'doc_123', refresh: '/api/viewer-token' });
 * const instance = await NutrientViewer.load({
 *   container: '#viewer', serverUrl: 'https://engine.example.com/', documentId: 'doc_123',
 *   ...(await session.loadConfiguration()),
 * });
 * session.attach(instance, { sdk: NutrientViewer, container: '#viewer' });
 */
export function createViewerSession<I extends ViewerInstance = Instance>(options: ViewerSessionOptions): ManualViewerSession<I> {
  return new ManualViewerSession(new SessionCore<I>(options));
}

/** @internal The loaded-viewer view of a session whose instance is attached. */
export function loadedSession<I extends ViewerInstance>(core: SessionCore<I>): ViewerSession<I> {
  return new ViewerSession(core);
}

/** @internal */
export function coreOf<I extends ViewerInstance>(session: SessionHandle<I>): SessionCore<I> {
  return (session as unknown as { core: SessionCore<I> }).core;
}
