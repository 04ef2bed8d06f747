// The session's moving parts, shared by `loadViewer` and bring-your-own-load: the Renewer, the
// events, the instance once attached, and teardown. The public classes in session.ts wrap it.
import type { Instance } from '@nutrient-sdk/viewer';
import { checkSessionOptions } from './configuration.js';
import { browserEnvironment, type Environment } from './environment.js';
import { ConfigurationError, InvalidTokenError, SessionUnloadedError, ViewerNotReadyError } from './errors.js';
import { SessionEvents, type SessionListener } from './events.js';
import { LoadAbortedError, ViewerLoadError } from './load-errors.js';
import { resolveRenewalOptions, type RenewalOptions } from './options.js';
import type { RefreshSource } from './refresh-source.js';
import { handOverAllowance } from './renewal-policy.js';
import { Renewer, type AppliedBy } from './renewer.js';
import type { SharingOptions } from './token-sharing.js';
import { watchForUnload } from './unload-watch.js';
import { quietUnloadNoise } from './unload-noise.js';
import { unloadQuietly, type ViewerInstance, type ViewerSdk } from './viewer-sdk.js';
import type { ViewerReplacer } from './viewer-swap.js';

/**
 * What a session needs, whoever loads the viewer.
 * @example createViewerSession({ documentId: 'doc_123', refresh: '/api/viewer-token' })
 */
export interface ViewerSessionOptions {
  /**
   * The Document Engine document id; every token must name it.
   * @example documentId: 'doc_123'
   */
  documentId: string;
  /**
   * A JWT the page already has. Without one (or when it has expired) the first comes from `refresh`.
   * @example jwt: window.initialViewerJwt
   */
  jwt?: string;
  /**
   * Where fresh JWTs come from: a URL, an endpoint description, or a function.
   * @example refresh: '/api/viewer-token'
   */
  refresh: RefreshSource;
  /**
   * Renewal tuning; every field has a default.
   * @example renewal: { earlyMs: 120_000 }
   */
  renewal?: RenewalOptions;
  /**
   * Receives every event from the start, including the first token's fetch.
   * @example onEvent: (event) => console.debug(event.type)
   */
  onEvent?: SessionListener;
  /**
   * Cancels the load, like `fetch`'s signal: before the viewer is there, the load stops with
   * `LoadAbortedError` and leaves nothing behind. Once loaded, the session no longer listens (so
   * `AbortSignal.timeout()` works as a load timeout); end it with `unload()`.
   * @example signal: AbortSignal.timeout(60_000)
   */
  signal?: AbortSignal;
  /**
   * Share fresh tokens and sign-outs with the user's other tabs on the same engine and document,
   * so they make one token request per lifetime between them. Off unless a scope is given.
   * @example sharing: { scope: currentUser.id }
   */
  sharing?: SharingOptions;
  /**
   * Document Engine's URL. `loadViewer` takes it anyway; with bring-your-own-load it keeps
   * sharing to tabs on the same engine.
   * @example serverUrl: 'https://engine.example.com/'
   */
  serverUrl?: string;
  /**
   * Page events and online status; for tests. Default: the browser's.
   * @example environment: browserEnvironment()
   */
  environment?: Environment;
}

/**
 * The two `NutrientViewer.load` options the session provides. Spread them into your configuration.
 * @example NutrientViewer.load({ container, serverUrl, documentId, ...(await session.loadConfiguration()) })
 */
export interface SessionLoadConfiguration {
  authPayload: { jwt: string };
  onAuthFailed: () => Promise<void>;
}

/**
 * How the session may reach the viewer it is attached to.
 * @example session.attach(instance, { sdk: NutrientViewer, container: '#viewer' })
 */
export interface AttachOptions<I extends ViewerInstance = Instance> {
  /**
   * The SDK module: with it, `unload()` also unloads the viewer.
   * @example { sdk: NutrientViewer }
   */
  sdk?: Pick<ViewerSdk<I>, 'unload'>;
  /**
   * The viewer's container: with it, `NutrientViewer.unload(container)` by the app is noticed and renewal stops.
   * @example { container: '#viewer' }
   */
  container?: string | HTMLElement;
}

export class SessionCore<I extends ViewerInstance> {
  readonly events = new SessionEvents();
  readonly renewer: Renewer;
  instance: I | undefined;
  #loadedWith: string | undefined;
  #sdk: Pick<ViewerSdk<I>, 'unload'> | undefined;
  #stopWatching = () => {};
  #container: unknown;
  #replacer: ViewerReplacer | undefined;
  #released = false;
  readonly #signal: AbortSignal | undefined;
  // The SDK's load() has the signal too and cancels its own requests: that makes unload noise as well.
  readonly #onAbort = () => {
    quietUnloadNoise();
    this.release(true);
  };

  constructor(options: ViewerSessionOptions) {
    checkSessionOptions(options as unknown as Record<string, unknown>);
    const { jwt, refresh, renewal, onEvent, environment, signal, documentId, sharing, serverUrl } = options;
    this.#signal = signal;
    if (onEvent) this.events.subscribe(onEvent);
    this.renewer = new Renewer({
      source: refresh,
      options: resolveRenewalOptions(renewal),
      env: environment ?? browserEnvironment(),
      events: this.events,
      documentId,
      apply: (token, signal) => this.#apply(token, signal),
      sharing,
      sharingKey: `${serverUrl ?? ''}|${documentId}`,
    });
    try {
      if (jwt) adoptUnlessExpired(this.renewer, jwt);
    } catch (error) {
      this.release(false);
      throw error;
    }
    if (signal?.aborted) this.release(false);
    else signal?.addEventListener('abort', this.#onAbort, { once: true });
  }

  get released(): boolean {
    return this.#released;
  }

  /** The SDK may call this before load() resolves: it finds the instance once there is one. */
  readonly onAuthFailed = async (): Promise<void> => {
    await this.renewer.renew('auth-failed');
    if (!this.instance) {
      throw new ViewerNotReadyError('The viewer is still loading: it gets the new token as soon as load() resolves');
    }
  };

  /** A valid token for `load()`, fetched when the session has none. */
  async loadConfiguration(): Promise<SessionLoadConfiguration> {
    this.#throwIfReleased();
    try {
      if (!this.renewer.token) await this.renewer.renew('initial');
    } catch (error) {
      this.#throwIfReleased(error);
      throw error;
    }
    return this.#configuration();
  }

  /** After the engine refused the token `load()` got: a fresh one, unless a renewal already brought it. */
  async reloadConfiguration(): Promise<SessionLoadConfiguration> {
    this.#throwIfReleased();
    try {
      if (this.renewer.token?.jwt === this.#loadedWith) await this.renewer.renew('initial');
    } catch (error) {
      this.#throwIfReleased(error);
      throw error;
    }
    return this.#configuration();
  }

  attach(instance: I, { sdk, container }: AttachOptions<I> = {}): void {
    if (this.#released) {
      // Cancelled while the viewer loaded: it must not stay mounted.
      if (sdk) unloadQuietly(sdk as ViewerSdk<ViewerInstance>, instance);
      this.#throwIfReleased();
    }
    if (this.instance) throw new ConfigurationError('This session already has a viewer: create one session per viewer');
    if (!this.#replacer && typeof instance?.setSession !== 'function') {
      this.release(false);
      throw new ConfigurationError('This viewer has no setSession (an SDK before 1.14, or pspdfkit): load it with loadViewer, which swaps viewers instead');
    }
    this.instance = instance;
    this.#sdk = sdk;
    // A renewal that finished while load() ran could not reach the viewer: the latest token wins.
    // (A swapping viewer loaded with a token that is still valid: the next swap brings the latest.)
    const latest = this.renewer.token?.jwt;
    if (latest && latest !== this.#loadedWith && instance.setSession) {
      try {
        instance.setSession(latest);
      } catch (error) {
        this.release(true);
        throw new ViewerLoadError('The viewer threw when given its token; it was unloaded', { cause: error });
      }
    }
    this.renewer.markViewerReady();
    this.#signal?.removeEventListener('abort', this.#onAbort); // it cancelled the load; the load is over
    this.#container = this.#replacer?.container ?? container;
    this.#watch();
  }

  /**
   * For SDKs without setSession (loadViewer decides): renewals load a new viewer (`swap`) or
   * reload this one (`reload`). Call before `attach`; the first viewer loads into `replacer.container`.
   */
  useReplacer(replacer: ViewerReplacer): void {
    this.#replacer = replacer;
    this.renewer.allowForHandOver(handOverAllowance(undefined));
  }

  /** Hands a token to the viewer: setSession, or a swap or reload that ends with a new instance. */
  #apply(jwt: string, signal: AbortSignal): AppliedBy {
    const { instance } = this;
    if (!instance) return 'load'; // still loading: load() gets the latest token
    const replacer = this.#replacer;
    if (!replacer) {
      instance.setSession!(jwt); // attach checked it is there
      return 'setSession';
    }
    // The old viewer's nodes go away in a swap: that is not the app unloading it.
    this.#stopWatching();
    const started = Date.now();
    return replacer.replace(instance, jwt, signal).then(
      (next) => {
        this.renewer.allowForHandOver(handOverAllowance(Date.now() - started));
        this.instance = next;
        this.#container = replacer.container;
        this.#watch();
        this.events.emit({ type: 'instance', method: replacer.method, instance: next });
        return replacer.method;
      },
      (error: unknown) => {
        if (!this.#released) this.#watch();
        throw error;
      },
    );
  }

  #watch(): void {
    this.#stopWatching = watchForUnload(this.#container, () => this.release(false));
  }

  /** Stops renewal and listeners; unloads the viewer too when asked and the SDK is known. Idempotent. */
  release(unloadViewer: boolean): void {
    if (this.#released) return;
    this.#released = true;
    this.#stopWatching();
    this.#signal?.removeEventListener('abort', this.#onAbort);
    this.renewer.dispose();
    this.events.clear();
    if (unloadViewer && this.#sdk && this.instance) unloadQuietly(this.#sdk as ViewerSdk<ViewerInstance>, this.instance);
    this.#replacer?.dispose();
  }

  #configuration(): SessionLoadConfiguration {
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

function adoptUnlessExpired(renewer: Renewer, jwt: string): void {
  try {
    renewer.adopt(jwt);
  } catch (error) {
    // A stale token is normal after a laptop slept on the page: fetch a fresh one instead.
    if (!(error instanceof InvalidTokenError && error.reason === 'expired')) throw error;
  }
}
