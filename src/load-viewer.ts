import type { Instance } from '@nutrient-sdk/viewer';
import { checkViewerConfiguration } from './configuration.js';
import { browserEnvironment, type Environment } from './environment.js';
import { InvalidTokenError, ViewerNotReadyError } from './errors.js';
import { SessionEvents, type SessionListener } from './events.js';
import { resolveRenewalOptions, type RenewalOptions } from './options.js';
import type { RefreshSource } from './refresh-source.js';
import { Renewer } from './renewer.js';
import { ViewerSession } from './session.js';
import {
  isAuthLoadError,
  resolveSdk,
  unloadQuietly,
  type PassThroughViewerOptions,
  type SdkSource,
  type ViewerInstance,
} from './viewer-sdk.js';

export interface LoadViewerOptions<I extends ViewerInstance = Instance> extends PassThroughViewerOptions {
  container: string | HTMLElement;
  /** Document Engine's URL; a missing trailing slash is added. */
  serverUrl: string;
  documentId: string;
  /** A JWT the page already has. Without one (or when it has expired) the first comes from `refresh`. */
  jwt?: string;
  /** Where fresh JWTs come from: a URL, an endpoint description, or a function. */
  refresh: RefreshSource;
  /** Instant (real-time) sync. Default false. */
  instant?: boolean;
  renewal?: RenewalOptions;
  /** The SDK module or a loader for it. Default: `import('@nutrient-sdk/viewer')`. */
  sdk?: SdkSource<I>;
  /** Receives every event from the start, including the first token's fetch. */
  onEvent?: SessionListener;
  /** Page events and online status; for tests. Default: the browser's. */
  environment?: Environment;
}

/** Loads the viewer with a valid token and keeps its session alive until `unload()`. */
export async function loadViewer<I extends ViewerInstance = Instance>(options: LoadViewerOptions<I>): Promise<ViewerSession<I>> {
  const { jwt, refresh, renewal, sdk: sdkSource, onEvent, environment, ...viewerOptions } = options;
  const { serverUrl } = checkViewerConfiguration(options as unknown as Record<string, unknown>);
  const events = new SessionEvents();
  if (onEvent) events.subscribe(onEvent);
  let instance: I | undefined;
  const renewer = new Renewer({
    source: refresh,
    options: resolveRenewalOptions(renewal),
    env: environment ?? browserEnvironment(),
    events,
    documentId: options.documentId,
    apply: (token) => instance?.setSession(token),
  });
  // The SDK may call this before load() resolves: the closure finds the instance once there is one.
  const onAuthFailed = async () => {
    await renewer.renew('auth-failed');
    if (!instance) throw new ViewerNotReadyError('The viewer is still loading; it loads again with the new token');
  };
  try {
    if (jwt) adoptUnlessExpired(renewer, jwt);
    if (!renewer.token) await renewer.renew('initial');
    const sdk = await resolveSdk(sdkSource);
    const load = (token: string) =>
      sdk.load({ ...viewerOptions, serverUrl, instant: options.instant ?? false, authPayload: { jwt: token }, onAuthFailed });
    let used = renewer.token!.jwt;
    try {
      instance = await load(used);
    } catch (error) {
      if (!isAuthLoadError(error)) throw error;
      // The engine refused the first token (revoked, or expired by its clock): one fresh token, one more load.
      unloadQuietly(sdk, options.container);
      if (renewer.token!.jwt === used) await renewer.renew('initial');
      used = renewer.token!.jwt;
      instance = await load(used);
    }
    // A renewal that finished while load() ran could not reach the viewer: the latest token wins.
    if (renewer.token!.jwt !== used) instance.setSession(renewer.token!.jwt);
    renewer.markViewerReady();
    return new ViewerSession(instance, { renewer, events, sdk });
  } catch (error) {
    renewer.dispose();
    events.clear();
    throw error;
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
