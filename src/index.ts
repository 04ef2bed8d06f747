/**
 * nutrient-viewer-session: keeps a server-backed Nutrient Web SDK viewer's Document Engine session
 * alive. `loadViewer` for the viewer and its session in one call; `createViewerSession` for a viewer
 * you load yourself. Errors: `isSessionError(error, code)`.
 * @module nutrient-viewer-session
 */
// `loadViewer` is the lazy front door: the session code (with ky, p-retry, jose) and the SDK are
// fetched in parallel when it is called, so a page that only calls it keeps them out of its first chunk.
export { loadViewer } from './lazy/index.js';
export type { LoadViewerOptions } from './load-viewer.js';
export { createViewerSession, type ViewerSession, type LoadedViewerSession } from './session.js';
export type { ViewerSessionOptions, SessionLoadConfiguration, AttachOptions } from './session-options.js';
export {
  SessionError,
  SessionEndedError,
  ConfigurationError,
  RefreshHttpError,
  type SessionErrorCode,
  type SessionErrorDetails,
  type SessionEndReason,
  type InvalidTokenReason,
} from './errors.js';
export { LoadAbortedError, ViewerAssetsError } from './load-errors.js';
export { isSessionError } from './guards.js';
export type {
  SessionState,
  SessionEvent,
  SessionEventMap,
  SessionEventType,
  SessionListener,
  RenewalReason,
  RenewalMethod,
  ReplaceMethod,
  TokenSource,
} from './events.js';
export type { RenewalOptions } from './options.js';
export type { RenewalMethodOption } from './renewal-method.js';
export type { SharingOptions } from './token-sharing.js';
export type { ChannelFactory, ChannelLike } from './tab-channel.js';
export type { RefreshSource, RefreshEndpoint, RefreshFunction, RefreshContext, RefreshResult, RefreshBody } from './refresh-source.js';
export type { Environment, WakeCause } from './environment.js';
export type { VisibilitySource } from './page-visibility.js';
export type { ViewerInstance, ViewerSdk, SdkSource } from './viewer-sdk.js';
