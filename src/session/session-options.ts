// What a session is given: its options, the two load options it provides, and how it reaches the
// viewer it is attached to.
import type { Instance } from '@nutrient-sdk/viewer';
import type { Environment } from './environment.js';
import type { SessionListener } from './events.js';
import type { RenewalOptions } from '../policy/options.js';
import type { RefreshSource } from '../tokens/refresh-source.js';
import type { SharingOptions } from '../sharing/token-sharing.js';
import type { ViewerInstance, ViewerSdk } from '../viewer/viewer-sdk.js';
import type { DebugOption } from '../diagnostics/log-entry.js';
import type { AfterSignOut } from '../policy/renewal-policy.js';

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
   * Say why: `true` logs every decision and outcome to the console with its rule and reason, puts
   * renewals on a "Viewer session" track in the browser's Performance panel, and (with
   * `loadViewer`, SDK 1.17 and later) sets the SDK's own `logLevel` to debug unless you set it. A
   * function receives each `LogEntry` instead of the console. Off by default. Never token text.
   * @example debug: (entry) => Sentry.addBreadcrumb({ category: 'viewer-session', message: entry.reason, data: entry })
   */
  debug?: DebugOption;
  /**
   * The Performance panel's "Viewer session" track (`performance.measure` with `detail.devtools`)
   * on its own. Default: on when `debug` is.
   * @example performanceTrack: true
   */
  performanceTrack?: boolean;
  /**
   * The longest a save may take before the session ends or unloads the viewer (the user's pending
   * changes, saved while the viewer's token still works). Past it the end goes on and a
   * `save-failed` event counts what was left. Default 5000 ms. On SDKs without setSession it also
   * bounds the old viewer's save before a swap (and its token's time left bounds it too): a save
   * that takes longer counts as failed, and its changes are made again on the new viewer.
   * @example saveTimeoutMs: 10_000
   */
  saveTimeoutMs?: number;
  /**
   * What the viewer becomes once the user's session has ended: `read-only` (default; no new work
   * goes into a session that cannot save it, and a later successful `renew()` makes it editable
   * again), `keep` (unchanged), or `unload`.
   * @example afterSignOut: 'unload'
   */
  afterSignOut?: AfterSignOut;
  /**
   * Ask the browser to confirm leaving the page (close, reload, navigation) while changes are not
   * saved, and start saving them. Off by default.
   * @example confirmLeave: true
   */
  confirmLeave?: boolean;
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
