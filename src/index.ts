// `loadViewer` is the lazy front door: the session code (with ky, p-retry, jose) and the SDK are
// fetched in parallel when it is called, so a page that only calls it keeps them out of its first chunk.
export { loadViewer } from './lazy/index.js';
export type { LoadViewerOptions } from './load-viewer.js';
export { ViewerSession, createViewerSession, type LoadedViewerSession } from './session.js';
export type { ViewerSessionOptions, SessionLoadConfiguration, AttachOptions } from './session-options.js';
export {
  SessionError,
  ConfigurationError,
  RefreshHttpError,
  RefreshNetworkError,
  RefreshTimeoutError,
  RefreshResponseError,
  InvalidTokenError,
  SessionEndedError,
  RenewalLoopError,
  ViewerNotReadyError,
  SessionUnloadedError,
  RefreshFunctionError,
  TokenNotExtendedError,
  SetSessionError,
  ViewerSwapError,
  type InvalidTokenReason,
  type SessionErrorDetails,
  type SessionEndReason,
} from './errors.js';
export { LoadAbortedError, ViewerLoadError, ViewerAssetsError } from './load-errors.js';
export {
  isSessionError,
  isLoadAbortedError,
  isViewerLoadError,
  isViewerAssetsError,
  isConfigurationError,
  isRefreshHttpError,
  isRefreshNetworkError,
  isRefreshTimeoutError,
  isRefreshResponseError,
  isInvalidTokenError,
  isSessionEndedError,
  isRenewalLoopError,
  isViewerNotReadyError,
  isSessionUnloadedError,
  isRefreshFunctionError,
  isTokenNotExtendedError,
  isSetSessionError,
  isViewerSwapError,
} from './guards.js';
export { BASE_URL_META } from './assets.js';
export { ViewerStore, type ViewerSnapshot, type ViewerStatus } from './viewer-store.js';
export type {
  RenewalReason,
  SessionState,
  SessionEvent,
  SessionEventMap,
  SessionEventType,
  SessionListener,
  RenewalMethod,
  ReplaceMethod,
  TokenSource,
} from './events.js';
export type { SharingOptions } from './token-sharing.js';
export type { ChannelFactory, ChannelLike } from './tab-channel.js';
export { renewalDefaults, type RenewalOptions } from './options.js';
export type { RenewalMethodOption } from './renewal-method.js';
export { captureViewSnapshot, restoreViewSnapshot, ViewSnapshotError, type ViewSnapshot } from './view-snapshot.js';
export type {
  RefreshSource,
  RefreshEndpoint,
  RefreshFunction,
  RefreshContext,
  RefreshResult,
  RefreshBody,
} from './refresh-source.js';
export { browserEnvironment, type Environment, type WakeCause, type BrowserGlobals } from './environment.js';
export type { ViewerSdk, ViewerInstance, SdkSource, PassThroughViewerOptions } from './viewer-sdk.js';
