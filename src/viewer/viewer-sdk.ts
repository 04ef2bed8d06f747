import type { Configuration, Instance } from '@nutrient-sdk/viewer';

/** The server-backed configuration, spelled so it type-checks against every supported SDK (1.14 and 1.18 do not export `ServerConfiguration`). */
type ServerConfiguration = Extract<Configuration, { instant: boolean }>;
import { ConfigurationError } from '../errors/errors.js';
import { quietUnloadNoise } from './unload-noise.js';
import { asLibraryUnload } from './app-unload.js';
import { keepStatusElement, viewerShadowRoots } from './status-after-unload.js';

/**
 * The part of the SDK module this library uses; a CDN global or a test fake fits too.
 * @example loadViewer({ ...options, sdk: window.NutrientViewer })
 */
export interface ViewerSdk<I extends ViewerInstance = Instance> {
  load(configuration: any): Promise<I>;
  unload(target: any): boolean;
}

/**
 * What the session needs of a viewer instance: `setSession` (1.14 and later). Older SDKs' viewers
 * have none; `loadViewer` swaps them instead (`renewal.method`).
 * @example const instance: ViewerInstance = { setSession: (jwt) => sdkInstance.setSession(jwt) };
 */
export type ViewerInstance = object & {
  // `object &`: an instance without setSession (pspdfkit's) still fits; all-optional types refuse that.
  setSession?(jwt: string): void;
};

/**
 * The SDK options this library sets itself. Everything else passes through to `load()` unchanged.
 * @example const mine: OwnedViewerOptions = 'authPayload';
 */
export type OwnedViewerOptions = 'authPayload' | 'onAuthFailed' | 'serverUrl' | 'documentId' | 'container' | 'instant';
/**
 * Every other `NutrientViewer.load` option: given to `loadViewer`, passed on as is.
 * @example const extra: PassThroughViewerOptions = { toolbarItems: [], theme: NutrientViewer.Theme.DARK };
 */
export type PassThroughViewerOptions = Partial<Omit<ServerConfiguration, OwnedViewerOptions>>;

/**
 * Either a module/object to use, or a loader. Default: a dynamic import, so the SDK is its own chunk.
 * @example sdk: () => import('@nutrient-sdk/viewer')
 */
export type SdkSource<I extends ViewerInstance> = ViewerSdk<I> | (() => Promise<ViewerSdk<I> | { default: ViewerSdk<I> }>);

export async function resolveSdk<I extends ViewerInstance>(source: SdkSource<I> | undefined): Promise<ViewerSdk<I>> {
  const loaded = typeof source === 'function' ? await source() : (source ?? (await import('@nutrient-sdk/viewer')));
  const sdk = ('default' in loaded && loaded.default ? loaded.default : loaded) as ViewerSdk<I>;
  if (typeof sdk?.load !== 'function' || typeof sdk.unload !== 'function') {
    throw new ConfigurationError('The Nutrient Web SDK module has no load()/unload(): check the `sdk` option');
  }
  return sdk;
}

const authFailureBodies = /Token has expired|Invalid token|Token has been revoked/;
/** SDKs before 1.14 (and pspdfkit) attach no status: only this message says the engine refused the token. */
const olderSdkRefusal = /^An error occurred while connecting to (?:Nutrient|PSPDFKit) Document Engine: (.*)$/s;

/** `load()` rejects with the engine's status and body attached when the first token is refused. */
/** The SDK's own words when its token refresh failed or timed out (docs/sdk-behaviour.md). */
const sdkRefreshFailure = /^Auth refresh (failed|timed out)\b/;

export function isAuthLoadError(error: unknown): boolean {
  const { status, body, message } = (error ?? {}) as { status?: unknown; body?: unknown; message?: unknown };
  if (status === 401) return true;
  // The SDK's refresh during load() failed (its onAuthFailed came before there was an instance to
  // take the token): the session has a fresh token now, and one more load() uses it.
  if (typeof message === 'string' && sdkRefreshFailure.test(message)) return true;
  if (status === 403) return typeof body !== 'string' || authFailureBodies.test(body);
  if (status !== undefined || typeof message !== 'string') return false;
  const refusal = olderSdkRefusal.exec(message)?.[1];
  return refusal !== undefined && (refusal.trim() === 'Unauthorized' || authFailureBodies.test(refusal));
}

/** The SDK has to be told to let go of a container before it can load into it again. */
export function unloadQuietly(sdk: ViewerSdk<ViewerInstance>, target: unknown): void {
  quietUnloadNoise();
  const roots = viewerShadowRoots(target); // before the unload takes their host off the page
  try {
    asLibraryUnload(() => sdk.unload(target));
  } catch {
    // Nothing loaded there: nothing to release.
  }
  keepStatusElement(roots); // the SDK's dropdowns still look for it (status-after-unload.ts)
}
