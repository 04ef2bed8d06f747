// session/: the one session object (`session.ts`), behind `loadViewer` and `createViewerSession`
// alike: it owns the Renewer (`renewer.ts`, the auth machine that carries out the policy's
// decisions: one renewal in flight, one timer), the events, the viewer once attached, and the one
// teardown path (`unload`). `renewal-cycle.ts` runs one renewal's attempts with p-retry; the clocks,
// timers and page environment it watches are here too.
import type { Instance } from '@nutrient-sdk/viewer';
import { checkSessionOptions } from '../policy/configuration.js';
import { browserEnvironment } from './environment.js';
import { ConfigurationError, InvalidTokenError, SessionUnloadedError, ViewerNotReadyError, ViewerSwapError, type SessionError } from '../errors/errors.js';
import { SessionEvents, type SessionEventMap, type SessionEventType, type SessionListener, type SessionState } from './events.js';
import { LoadAbortedError, ViewerLoadError } from '../errors/load-errors.js';
import { resolveRenewalOptions } from '../policy/options.js';
import { DEFAULT_SAVE_TIMEOUT_MS, HAND_OVER_MEMORY, decideAfterRenewal, decideAtEnd, handOverAllowance, type AfterSignOut } from '../policy/renewal-policy.js';
import { PendingChanges, type SaveOutcome, type SavingViewer, type UnsavedChange } from './pending-changes.js';
import type { CarryOutcome } from '../viewer/carry-changes.js';
import type { SaveOccasion } from './events.js';
import { guardLeaving } from '../viewer/leave-guard.js';
import { holdContainer } from '../viewer/container-lock.js';
import { commitOpenEditor, openEditorIn, type ChangeSource } from '../viewer/open-editor.js';
import { twoFramesIn } from '../viewer/next-frame.js';
import { Renewer, type AppliedBy, type HandOverToken } from './renewer.js';
import { SessionLog } from '../diagnostics/session-log.js';
import type { SessionDiagnosis } from '../diagnostics/diagnosis.js';
import type { AttachOptions, SessionLoadConfiguration, ViewerSessionOptions } from './session-options.js';
import { resolveContainer, watchForUnload } from '../viewer/unload-watch.js';
import { quietUnloadNoise } from '../viewer/unload-noise.js';
import { unloadQuietly, type ViewerInstance, type ViewerSdk } from '../viewer/viewer-sdk.js';
import type { ViewerReloadError, ViewerReplacer } from '../viewer/viewer-swap.js'; // types only: no swap code in setSession bundles

/**
 * A viewer's Document Engine session that renews itself. `loadViewer()` resolves with one whose
 * viewer is loaded; `createViewerSession()` makes one for a viewer you load yourself
 * (`loadConfiguration()`, then `attach()`). `on` and `subscribe` are bound: pass them around.
 *
 * @example
 * const session = await loadViewer({ container: '#viewer', serverUrl, documentId, refresh: '/api/viewer-token' });
 * session.on('ended', () => showSignInBanner());
 * session.unload();
 */
export class ViewerSession<I extends ViewerInstance = Instance> {
  readonly #events = new SessionEvents();
  /** @internal The auth machine: carries out what renewal-policy.ts decides. */
  readonly renewer: Renewer;
  #instance: I | undefined;
  #loadedWith: string | undefined;
  #sdk: Pick<ViewerSdk<I>, 'unload'> | undefined;
  #container: unknown;
  #replacer: ViewerReplacer | undefined;
  /** Replacements started and not settled: the unload watch waits until none is left. */
  #replacing = 0;
  /** How long the last swaps or reloads took (ms), newest last: what the next one is allowed. */
  #handOverTimes: number[] = [];
  /** Set when the session is released (unload, abort): settles once the viewer is unloaded (after its pending changes were saved, or the time ran out). */
  #unloading: Promise<void> | undefined;
  /** Unloaded or being unloaded: no new work. */
  get #released(): boolean {
    return this.#unloading !== undefined;
  }
  readonly #pending = new PendingChanges();
  readonly #saveTimeoutMs: number;
  readonly #afterSignOut: AfterSignOut;
  readonly #confirmLeave: boolean;
  /** The end made the viewer read-only: a later renewal undoes it (and only what the session did). */
  #madeReadOnly = false;
  #stopLeaveGuard = () => {};
  #sdkVersion: string | undefined;
  #stopWatching = () => {};
  readonly #signal: AbortSignal | undefined;
  // The SDK's load() has the signal too and cancels its own requests: that makes unload noise as well.
  readonly #onAbort = () => {
    quietUnloadNoise();
    this.#release(true);
  };

  /** Use `loadViewer()` or `createViewerSession()`. */
  constructor(options: ViewerSessionOptions) {
    checkSessionOptions(options as unknown as Record<string, unknown>);
    const { jwt, refresh, renewal, onEvent, environment, signal, documentId, sharing, serverUrl, debug, performanceTrack } = options;
    this.#signal = signal;
    this.#saveTimeoutMs = options.saveTimeoutMs ?? DEFAULT_SAVE_TIMEOUT_MS;
    this.#afterSignOut = options.afterSignOut ?? 'read-only';
    this.#confirmLeave = options.confirmLeave ?? false;
    this.renewer = new Renewer({
      source: refresh,
      options: resolveRenewalOptions(renewal),
      env: environment ?? browserEnvironment(),
      events: this.#events,
      documentId,
      apply: (token, signal, handOver) => this.#apply(token, signal, handOver),
      sharing,
      sharingKey: `${serverUrl ?? ''}|${documentId}`,
      log: new SessionLog(debug, performanceTrack ?? Boolean(debug)),
      beforeEnd: () => this.#beforeEnd(),
    });
    // After the log's own listener: an app's listener reads a log that already holds the outcome.
    if (onEvent) this.#events.subscribe(onEvent);
    // After the app's listeners: the app hears of the end before the viewer changes with it.
    this.#events.on('ended', () => {
      if (this.#afterSignOut === 'unload') void this.#release(true);
    });
    this.#events.on('renewed', () => this.#editableAgain());
    try {
      if (jwt) adoptUnlessExpired(this.renewer, jwt);
    } catch (error) {
      this.#release(false);
      throw error;
    }
    if (signal?.aborted) this.#release(false);
    else signal?.addEventListener('abort', this.#onAbort, { once: true });
  }

  /**
   * `starting`, `active`, `renewing`, `expired`, `ended`, `stopped` or `unloaded`.
   * @example if (session.state === 'ended') showSignInBanner();
   */
  get state(): SessionState {
    return this.renewer.state;
  }

  /**
   * When the viewer's token expires, as `Date.now()` ms in this browser's clock.
   * @example const secondsLeft = (session.expiresAt! - Date.now()) / 1000;
   */
  get expiresAt(): number | undefined {
    return this.renewer.expiresAt;
  }

  /**
   * When the next proactive renewal is due, as `Date.now()` ms; undefined when none is planned.
   * @example new Date(session.renewAt!).toISOString();
   */
  get renewAt(): number | undefined {
    return this.renewer.renewAt;
  }

  /**
   * The last failure, until a renewal succeeds.
   * @example if (session.lastError) console.warn(session.lastError.name);
   */
  get lastError(): SessionError | undefined {
    return this.renewer.lastError;
  }

  /**
   * The viewer instance: from `loadViewer()` always there; with `createViewerSession()` once
   * `attach()`ed. After a swap (SDKs without setSession) it is the new viewer.
   * @example session.instance?.totalPageCount;
   */
  get instance(): I | undefined {
    return this.#instance;
  }

  /**
   * How many of the user's changes the engine does not have yet (annotations created, changed or
   * deleted since the last save; at least 1 when the viewer has any other unsaved change). 0 when
   * everything is saved.
   * @example if (session.unsavedChanges > 0) saveButton.disabled = false;
   */
  get unsavedChanges(): number {
    return this.#pending.count;
  }

  /**
   * Saves the user's pending changes now, within `saveTimeoutMs`. Never rejects: resolves with what
   * could not be saved and why, and a failure is also a `save-failed` event.
   * @example const { unsaved } = await session.save(); if (unsaved) showRetry();
   */
  async save(): Promise<SaveOutcome> {
    return this.#saveNow('save');
  }

  /**
   * Renews now (joins a renewal in flight). Also the way back after the session `ended` or `stopped`.
   * @example await session.renew();
   */
  renew(): Promise<void> {
    return this.renewer.renew('manual');
  }

  /**
   * The user signed out: renewal ends here (state `ended`, one `ended` event) and, with `sharing`,
   * in every tab of the same scope. `renew()` starts again after a new sign-in.
   * @example logoutButton.onclick = () => session.signOut();
   */
  signOut(): void {
    this.renewer.signOut();
  }

  /**
   * Why the session is where it is, for a support ticket: state, SDK version and hand-over, the
   * token's time left (and by the server's clock), the next renewal and its rule, failures,
   * Retry-After, sleeps, this tab's part in sharing, and the last 50 decisions. Plain data, no token text.
   * @example console.log(JSON.stringify(session.diagnose(), null, 2));
   */
  diagnose(): SessionDiagnosis {
    const handOver = this.#replacer?.method ?? (this.#instance ? 'setSession' : undefined);
    return this.renewer.diagnose({ sdkVersion: this.#sdkVersion, handOver });
  }

  /**
   * Listens to one event type. Returns the unsubscribe function. Bound: safe to pass around.
   * @example const off = session.on('ended', () => showSignInBanner());
   */
  readonly on = <T extends SessionEventType>(type: T, listener: (event: SessionEventMap[T]) => void): (() => void) =>
    this.#events.on(type, listener);

  /**
   * Every event, as one discriminated union. Returns the unsubscribe function. Bound, so it fits
   * React's `useSyncExternalStore(session.subscribe, () => session.state)`.
   * @example const off = session.subscribe((event) => console.debug(event.type));
   */
  readonly subscribe = (listener: SessionListener): (() => void) => this.#events.subscribe(listener);

  /**
   * Saves the user's pending changes (within `saveTimeoutMs`; a `save-failed` event counts what was
   * left), then stops renewal (aborts a request in flight, clears timers and listeners) and unloads
   * the viewer when the session knows the SDK. Idempotent; resolves once the viewer is unloaded.
   * Emits a last `state` event, `unloaded`.
   * @example await session.unload();
   */
  unload(): Promise<void> {
    return this.#release(true);
  }

  /**
   * `authPayload` (a valid token, fetched when the session has none) and `onAuthFailed`, for
   * `NutrientViewer.load`. Rejects with `LoadAbortedError` when the session's `signal` aborts first.
   * @example
   * const instance = await NutrientViewer.load({ container, serverUrl, documentId, ...(await session.loadConfiguration()) });
   */
  async loadConfiguration(): Promise<SessionLoadConfiguration> {
    return this.#configuration(() => !this.renewer.token);
  }

  /**
   * Hands the loaded instance to the session: it gets the newest token if one arrived during
   * `load()`, and renewal goes on. With `sdk`, `unload()` unloads the viewer; with `container`, an
   * unload by the app is noticed. Throws `LoadAbortedError` (the viewer is unloaded when `sdk` is
   * given) if the session was cancelled meanwhile, and `ViewerLoadError` if the viewer threw.
   * @example session.attach(instance, { sdk: NutrientViewer, container: '#viewer' });
   */
  attach(instance: I, { sdk, container }: AttachOptions<I> = {}): void {
    if (this.#released) {
      // Cancelled while the viewer loaded: it must not stay mounted.
      if (sdk) unloadQuietly(sdk as ViewerSdk<ViewerInstance>, instance);
      this.#throwIfReleased();
    }
    if (this.#instance) throw new ConfigurationError('This session already has a viewer: create one session per viewer');
    if (!this.#replacer && typeof instance?.setSession !== 'function') {
      this.#release(false);
      throw new ConfigurationError('This viewer has no setSession (an SDK before 1.14, or pspdfkit): load it with loadViewer, which swaps viewers instead');
    }
    this.#instance = instance;
    this.#sdk = sdk;
    const version = (sdk as { version?: unknown } | undefined)?.version;
    this.#sdkVersion = typeof version === 'string' ? version : undefined;
    // A renewal that finished while load() ran could not reach the viewer: the latest token wins.
    // (A swapping viewer loaded with a token that is still valid: the next swap brings the latest.)
    const latest = this.renewer.token?.jwt;
    if (latest && latest !== this.#loadedWith && instance.setSession) {
      try {
        instance.setSession(latest);
      } catch (error) {
        this.#release(true);
        throw new ViewerLoadError('The viewer threw when given its token; it was unloaded', { cause: error });
      }
    }
    this.renewer.markViewerReady();
    this.#signal?.removeEventListener('abort', this.#onAbort); // it cancelled the load; the load is over
    this.#container = this.#replacer?.container ?? container;
    this.#pending.watch(instance as SavingViewer);
    if (this.#confirmLeave) this.#stopLeaveGuard = guardLeaving(() => this.#pending.count, () => void this.#saveNow('unload', false));
    this.#watch();
  }

  /** @internal The SDK may call this before load() resolves: it finds the instance once there is one. */
  readonly onAuthFailed = async (): Promise<void> => {
    await this.renewer.renew('auth-failed');
    if (!this.#instance) {
      throw new ViewerNotReadyError('The viewer is still loading: it gets the new token as soon as load() resolves');
    }
  };

  /** @internal After the engine refused the token `load()` got: a fresh one, unless a renewal already brought it. */
  reloadConfiguration(): Promise<SessionLoadConfiguration> {
    return this.#configuration(() => this.renewer.token?.jwt === this.#loadedWith);
  }

  /**
   * @internal For SDKs without setSession (loadViewer decides): renewals load a new viewer (`swap`)
   * or reload this one (`reload`). Call before `attach`; the first viewer loads into `replacer.container`.
   */
  useReplacer(replacer: ViewerReplacer): void {
    this.#replacer = replacer;
    this.renewer.allowForHandOver(handOverAllowance(this.#handOverTimes));
  }

  /** Hands a token to the viewer: setSession, or a swap or reload that ends with a new instance. */
  #apply(jwt: string, signal: AbortSignal, handOver?: HandOverToken): AppliedBy {
    const instance = this.#instance;
    if (!instance) return 'load'; // still loading: load() gets the latest token
    const replacer = this.#replacer;
    // Unloading: the viewer is saving its last changes; a swap now would replace it mid-save.
    if (replacer && this.#released) throw new SessionUnloadedError();
    if (!replacer) {
      instance.setSession!(jwt); // attach checked it is there
      return 'setSession';
    }
    // The old viewer's nodes go away in a swap: that is not the app unloading it.
    this.#stopWatching();
    this.#replacing++;
    const started = Date.now();
    const shown = (next: I) => {
      this.#instance = next;
      this.#pending.watch(next as SavingViewer);
      this.#container = replacer.container;
      this.#events.emit({ type: 'instance', method: replacer.method, instance: next });
    };
    const settled = () => {
      // A replacement queued behind this one drops this viewer: watching it would end the session.
      if (--this.#replacing === 0 && !this.#released) this.#watch();
    };
    return replacer.replace(instance, jwt, signal, handOver).then(
      (next) => {
        this.#handOverTimes = [...this.#handOverTimes, Date.now() - started].slice(-HAND_OVER_MEMORY);
        this.renewer.allowForHandOver(handOverAllowance(this.#handOverTimes));
        shown(next);
        settled();
        return replacer.method;
      },
      (error: unknown) => {
        // A failed reload loaded the viewer again with the old token: that one is live now.
        const restored = error instanceof ViewerSwapError ? ((error as Partial<ViewerReloadError>).instance as I | undefined) : undefined;
        if (restored && restored !== this.#instance && !this.#released) shown(restored);
        settled();
        throw error;
      },
    );
  }

  #watch(): void {
    this.#stopWatching = watchForUnload(this.#container, () => this.#release(false));
  }

  /**
   * The one teardown: saves the user's pending changes first (renewal still runs meanwhile, so an
   * expiring token is renewed), then stops renewal and listeners, and unloads the viewer when asked
   * and the SDK is known. Idempotent: every call gets the same promise.
   */
  #release(unloadViewer: boolean): Promise<void> {
    if (this.#unloading) return this.#unloading;
    // Released from here on (#released), before any teardown runs: what it calls back sees it.
    let settle!: (work: Promise<void>) => void;
    this.#unloading = new Promise<void>((resolve) => (settle = resolve));
    this.#stopWatching();
    this.#stopLeaveGuard();
    this.#signal?.removeEventListener('abort', this.#onAbort);
    const finish = () => {
      this.renewer.dispose();
      this.#events.clear();
      this.#pending.stop();
      if (unloadViewer && this.#sdk && this.#instance) unloadQuietly(this.#sdk as ViewerSdk<ViewerInstance>, this.#instance);
      this.#replacer?.dispose();
    };
    const pending = this.#instance ? this.#pending.count : 0;
    const editorIn = this.#instance ? this.#slotWithOpenEditor() : undefined;
    const plan = decideAtEnd(pending, this.#afterSignOut, false, editorIn !== undefined);
    this.renewer.note(plan.rule, plan.save ? 'save' : 'unload');
    if (!plan.save) {
      finish();
      settle(Promise.resolve());
      return this.#unloading;
    }
    const committed = plan.commitEditor && editorIn ? commitOpenEditor(editorIn, twoFramesIn(), this.#instance as ChangeSource | undefined) : Promise.resolve();
    settle(committed.then(() => this.#saveNow('unload')).then(finish));
    // The viewer holds its container until it is unloaded: a load into it (a document switch) waits.
    if (unloadViewer) holdContainer(this.#container, this.#unloading);
    return this.#unloading;
  }

  /** The session ends: no new work (as the app chose), then save what is pending; resolves with what was left. */
  #beforeEnd(): Promise<number> | undefined {
    const instance = this.#instance;
    if (!instance || this.#released) return undefined;
    const editorIn = this.#slotWithOpenEditor();
    const plan = decideAtEnd(this.#pending.count, this.#afterSignOut, true, editorIn !== undefined);
    this.renewer.note(plan.rule, plan.save ? 'save' : 'announce');
    const rest = () => {
      if (plan.readOnly) {
        this.renewer.note('read-only-after-end', 'read-only');
        this.#madeReadOnly = setReadOnly(instance, true) || this.#madeReadOnly;
      }
      if (!plan.save) return undefined;
      return this.#saveNow('ended').then(({ unsaved }) => unsaved);
    };
    // Read-only would close the editor with its text: the text becomes a change first.
    if (!plan.commitEditor || !editorIn) return rest();
    return commitOpenEditor(editorIn, twoFramesIn(), instance as ChangeSource).then(() => rest() ?? 0);
  }

  /** The viewer's container while an editor (a text annotation being typed) is open in it. */
  #slotWithOpenEditor(): HTMLElement | undefined {
    const slot = resolveContainer(this.#container);
    if (typeof HTMLElement === 'undefined' || !(slot instanceof HTMLElement)) return undefined;
    return openEditorIn(slot) ? slot : undefined;
  }

  /** After a sign-out made the viewer read-only, a successful renewal gives the user the pen back. */
  #editableAgain(): void {
    const decision = decideAfterRenewal(this.#madeReadOnly);
    if (!decision.editable) return;
    this.renewer.note(decision.rule, 'editable');
    this.#madeReadOnly = false;
    if (this.#instance) setReadOnly(this.#instance, false);
  }

  /** @internal The annotations not saved yet: a swap whose old viewer cannot save carries them. */
  unsavedChangeList(): UnsavedChange[] {
    return this.#pending.changes();
  }

  /**
   * @internal A swap made the old viewer's unsaved changes again on the new one (rule
   * swap-carry-changes): logged; what did not reach the engine is a `save-failed` event.
   */
  carried({ carried, left, saved }: CarryOutcome): void {
    this.renewer.note('swap-carry-changes', 'carry', { changes: carried });
    const unsaved = left + (saved ? 0 : carried);
    if (unsaved) this.#events.emit({ type: 'save-failed', changes: unsaved, reason: left ? 'refused' : 'rejected', during: 'swap' });
  }

  /** One bounded save; a failure becomes a `save-failed` event (counts only). */
  async #saveNow(during: SaveOccasion, report = true): Promise<SaveOutcome> {
    const outcome = await this.#pending.save(this.#saveTimeoutMs);
    if (report && outcome.reason) this.#events.emit({ type: 'save-failed', changes: outcome.unsaved, reason: outcome.reason, during });
    return outcome;
  }

  /** A valid token for `load()`, fetched first when `needsToken()` says so. */
  async #configuration(needsToken: () => boolean): Promise<SessionLoadConfiguration> {
    this.#throwIfReleased();
    try {
      if (needsToken()) await this.renewer.renew('initial');
    } catch (error) {
      this.#throwIfReleased(error);
      throw error;
    }
    const jwt = this.renewer.token!.jwt;
    this.#loadedWith = jwt;
    return { authPayload: { jwt }, onAuthFailed: this.onAuthFailed };
  }

  #throwIfReleased(cause?: unknown): void {
    if (!this.#released) return;
    if (this.#signal?.aborted) throw new LoadAbortedError(this.#signal.reason);
    throw cause instanceof SessionUnloadedError ? cause : new SessionUnloadedError();
  }
}

/**
 * A session whose viewer is loaded: what `loadViewer()` resolves with.
 * @example const session: LoadedViewerSession = await loadViewer(options); session.instance.totalPageCount;
 */
export type LoadedViewerSession<I extends ViewerInstance = Instance> = ViewerSession<I> & { readonly instance: I };

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
export function createViewerSession<I extends ViewerInstance = Instance>(options: ViewerSessionOptions): ViewerSession<I> {
  return new ViewerSession<I>(options);
}

/**
 * Sets the SDK's view state `readOnly`; says whether it changed (false when the app had made it
 * read-only itself, or the viewer has no view state).
 */
function setReadOnly(instance: object, readOnly: boolean): boolean {
  const viewer = instance as { viewState?: { readOnly?: unknown; set?: (key: string, value: unknown) => unknown }; setViewState?: (update: (state: never) => unknown) => void };
  if (typeof viewer.setViewState !== 'function') return false;
  if (Boolean(viewer.viewState?.readOnly) === readOnly) return false;
  try {
    // An Immutable record (1.24 and before) has set(); later SDKs' plain view states are copied.
    viewer.setViewState((state: { set?: (key: string, value: unknown) => unknown }) =>
      typeof state?.set === 'function' ? state.set('readOnly', readOnly) : { ...(state as object), readOnly },
    );
    return true;
  } catch {
    return false; // a viewer that refuses the change stays as it was; the end goes on
  }
}

function adoptUnlessExpired(renewer: Renewer, jwt: string): void {
  try {
    renewer.adopt(jwt);
  } catch (error) {
    // A stale token is normal after a laptop slept on the page: fetch a fresh one instead.
    if (!(error instanceof InvalidTokenError && error.reason === 'expired')) throw error;
  }
}
