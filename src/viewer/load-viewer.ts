// viewer/: the Nutrient viewer and handing it tokens. `load-viewer.ts` loads the SDK and the first
// token in parallel and attaches the session; `viewer-sdk.ts` reads the SDK's errors and versions;
// `viewer-swap.ts` (with `view-snapshot.ts`, `wait-for-render.ts`, `interaction-watch.ts`,
// `page-visibility.ts`) renews SDKs without setSession by swapping viewers; `assets.ts` explains
// missing files; `unload-watch.ts` and `unload-noise.ts` follow the app's own unloads; and
// `viewer-store.ts` is the external store the React and Vue adapters render from.
import type { Instance } from '@nutrient-sdk/viewer';
import { diagnoseAssets, pageBaseUrl } from './assets.js';
import { checkViewerConfiguration, sdkLogLevel } from '../policy/configuration.js';
import { oneLoadAtATime } from './container-lock.js';
import { checkContainer, explainContainerError } from './container-check.js';
import { checkWasmTypes, explainViolations, type PolicyViolation } from './asset-check.js';
import { guardLoad } from './load-deadline.js';
import { ConfigurationError, SessionError } from '../errors/errors.js';
import { LoadAbortedError, LoadTimeoutError, ViewerLoadError } from '../errors/load-errors.js';
import { createViewerSession, type LoadedViewerSession, type ViewerSession } from '../session/session.js';
import type { SessionLoadConfiguration, ViewerSessionOptions } from '../session/session-options.js';
import { chooseRenewalMethod } from '../policy/renewal-method.js';
import { latestSwapStartAt } from '../policy/renewal-policy.js';
import { resolveContainer } from './unload-watch.js';
import { ViewerReplacer } from './viewer-swap.js';
import {
  isAuthLoadError,
  resolveSdk,
  unloadQuietly,
  type PassThroughViewerOptions,
  type SdkSource,
  type ViewerInstance,
  type ViewerSdk,
} from './viewer-sdk.js';

/**
 * `loadViewer`'s options: the session's, the viewer's container and engine, and any other `NutrientViewer.load` option.
 * @example const options: LoadViewerOptions = { container: '#viewer', serverUrl, documentId, refresh: '/api/viewer-token' };
 */
export interface LoadViewerOptions<I extends ViewerInstance = Instance> extends PassThroughViewerOptions, ViewerSessionOptions {
  /**
   * Where the viewer mounts: a CSS selector or an element.
   * @example container: '#viewer'
   */
  container: string | HTMLElement;
  /**
   * Document Engine's URL; a missing trailing slash is added.
   * @example serverUrl: 'https://engine.example.com/'
   */
  serverUrl: string;
  /**
   * Instant (real-time) sync. Default false.
   * @example instant: true
   */
  instant?: boolean;
  /**
   * The SDK module or a loader for it. Default: `import('@nutrient-sdk/viewer')`.
   * @example sdk: window.NutrientViewer
   */
  sdk?: SdkSource<I>;
  /**
   * The longest the whole load (first token, SDK, viewer) may take before it rejects with
   * `LoadTimeoutError`. Default 120 000 ms; 0 for none.
   * @example loadTimeoutMs: 30_000
   */
  loadTimeoutMs?: number;
}

/**
 * Loads the viewer with a valid token and keeps its session alive until `unload()`. The first token
 * and the SDK load in parallel. With `signal`, the load can be cancelled at any point: it rejects with
 * `LoadAbortedError` and leaves nothing behind (no viewer, no token request, no `setSession`).
 *
 * @example
 * const controller = new AbortController();
 * const session = await loadViewer({
 *   container: '#viewer',
 *   serverUrl: 'https://engine.example.com/',
 *   documentId: 'doc_123',
 *   refresh: '/api/viewer-token',
 *   signal: controller.signal,
 * });
 * session.on('ended', () => showSignInBanner());
 */
export async function loadViewer<I extends ViewerInstance = Instance>(options: LoadViewerOptions<I>): Promise<LoadedViewerSession<I>> {
  const { jwt, refresh, renewal, sdk: sdkSource, onEvent, environment, signal: appSignal, sharing, loadTimeoutMs, debug, performanceTrack, ...rest } = options;
  const { saveTimeoutMs, afterSignOut, confirmLeave, ...viewerOptions } = rest;
  const { serverUrl } = checkViewerConfiguration(options as unknown as Record<string, unknown>);
  if (appSignal?.aborted) throw new LoadAbortedError(appSignal.reason);
  // Aborts with the app's signal, or when the load outlives its time limit or the SDK fails off the record.
  const guard = guardLoad({ timeoutMs: loadTimeoutMs, signal: appSignal, container: options.container });
  const { signal } = guard;
  const work = { saveTimeoutMs, afterSignOut, confirmLeave };
  const session = createViewerSession<I>({ documentId: options.documentId, jwt, refresh, renewal, onEvent, environment, signal, sharing, serverUrl, debug, performanceTrack, ...work });
  const baseUrl = viewerOptions.baseUrl ?? pageBaseUrl();
  // The signal cancels the first load only: swaps and reloads later must not die with it.
  let logLevel = {};
  const configure = (auth: SessionLoadConfiguration, firstLoad = true) => ({
    ...viewerOptions,
    ...logLevel,
    ...(baseUrl && { baseUrl }),
    ...(signal && firstLoad && { signal }),
    serverUrl,
    instant: options.instant ?? false,
    ...auth,
  });
  let sdkVersion: unknown;
  try {
    // Neither needs the other: the first token and the SDK's import go at once.
    const [auth, sdk] = await guard.race(Promise.all([session.loadConfiguration(), resolveSdk(sdkSource)]));
    sdkVersion = (sdk as { version?: unknown }).version;
    // One switch: `debug` turns on the SDK's own start-up log too, where it has one.
    logLevel = sdkLogLevel(debug, sdkVersion, viewerOptions);
    const replacer = replacerFor(sdk, options, (jwt) => configure({ authPayload: { jwt }, onAuthFailed: session.onAuthFailed }, false), session);
    const container = replacer?.container ?? options.container;
    const withContainer = (configuration: object) => ({ ...configuration, container });
    const instance = await oneLoadAtATime(options.container, async () => {
      if (signal?.aborted) throw new LoadAbortedError(signal.reason);
      checkContainer(options.container);
      const again = () => session.reloadConfiguration().then((next) => withContainer(configure(next)));
      const loading = loadOnce(sdk, withContainer(configure(auth)), again, container);
      // The SDK may finish loading after an abort or the time limit: the viewer must not stay mounted.
      loading.then((loaded) => signal.aborted && unloadQuietly(sdk, loaded), () => {});
      // A tripped guard frees the container at once (a hung load() would hold it for good), and asks the SDK to let go of it.
      return guard.race(loading).catch((error: unknown) => {
        if (guard.failure) unloadQuietly(sdk, container);
        throw error;
      });
    });
    replacer?.adopt(instance);
    session.attach(instance, { sdk, container });
    return session as LoadedViewerSession<I>;
  } catch (error) {
    session.unload();
    throw explainContainerError(error, options.container) ?? (await explain(guard.failure ?? error, appSignal, baseUrl, sdkVersion, guard.violations));
  } finally {
    guard.stop();
  }
}

/** For an SDK without setSession (or `renewal.method` swap/reload): the replacer whose slot the viewer loads into. */
function replacerFor<I extends ViewerInstance>(
  sdk: ViewerSdk<I>,
  options: LoadViewerOptions<I>,
  configure: (jwt: string) => Record<string, unknown>,
  session: ViewerSession<I>,
): ViewerReplacer | undefined {
  const method = chooseRenewalMethod(options.renewal?.method ?? 'auto', sdk as { version?: unknown });
  if (method === 'setSession') return undefined;
  const host = resolveContainer(options.container);
  if (typeof HTMLElement === 'undefined' || !(host instanceof HTMLElement)) {
    throw new ConfigurationError(`renewal.method '${method}' needs the container on the page: ${String(options.container)} was not found`);
  }
  const replacer = new ViewerReplacer({
    sdk: sdk as ViewerSdk<ViewerInstance>,
    host,
    method,
    configure,
    // Past this, a swap goes ahead even mid-gesture: the old viewer's token is about to run out.
    latestStartAt: () => latestSwapStartAt(session.expiresAt, Date.now(), session.renewer.handOverMs),
    handOverMs: () => session.renewer.handOverMs,
    // A failed reload loads the viewer again with the token it has (the session's, until a replace succeeds).
    currentJwt: () => session.renewer.token?.jwt,
    page: options.environment?.visibility,
    // The app's NutrientViewer.unload(container) would find no viewer there (it is in a slot): it ends the session.
    onAppUnload: () => session.unload(),
    // An old viewer that cannot save (its token ran out) gives its changes to the new one (rule swap-carry-changes).
    unsavedChanges: () => session.unsavedChangeList(),
    onCarried: (outcome) => session.carried(outcome),
    onFrozen: (how) => session.renewer.note('swap-freeze', `freeze-${how}`),
    saveTimeoutMs: options.saveTimeoutMs,
    oldExpiresAt: () => session.expiresAt,
  });
  session.useReplacer(replacer);
  return replacer;
}

async function loadOnce<I extends ViewerInstance>(
  sdk: ViewerSdk<I>,
  first: object,
  again: () => Promise<object>,
  container: unknown,
): Promise<I> {
  try {
    return await sdk.load(first);
  } catch (error) {
    if (!isAuthLoadError(error)) throw error;
    // The engine refused the first token (revoked, or expired by its clock): one fresh token, one more load.
    unloadQuietly(sdk, container);
    return await sdk.load(await again());
  }
}

/** The error loadViewer rejects with: the abort, ours, an asset problem, or the SDK's own. */
async function explain(
  error: unknown,
  signal: AbortSignal | undefined,
  baseUrl: string | undefined,
  sdkVersion: unknown,
  violations: readonly PolicyViolation[],
): Promise<unknown> {
  if (signal?.aborted) return error instanceof LoadAbortedError ? error : new LoadAbortedError(error);
  // An error the SDK only threw onto the page (the guard's ViewerLoadError) may be missing files too.
  const fromPage = error instanceof ViewerLoadError && error.code === 'viewer-load' ? error.cause : undefined;
  // A load that hung on a blocked worker or module: say what was blocked rather than only how long it took.
  if (error instanceof LoadTimeoutError) return explainViolations([...violations], baseUrl, error) ?? error;
  if (error instanceof SessionError && !fromPage) return error;
  const cause = fromPage ?? error;
  // Blocked by the page's CSP, then missing or of another version, then a .wasm of the wrong type.
  const assets = explainViolations([...violations], baseUrl, cause) ?? (await diagnoseAssets(baseUrl, cause, sdkVersion));
  return assets ?? (await checkWasmTypes(baseUrl, cause)) ?? error;
}
