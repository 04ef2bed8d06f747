/**
 * nutrient-viewer-session: keeps a server-backed Nutrient Web SDK viewer's Document Engine session
 * alive. `loadViewer` for the viewer and its session in one call; `createViewerSession` for a viewer
 * you load yourself. Errors: `isSessionError(error, code)`.
 * @module nutrient-viewer-session
 */
// `loadViewer` is the lazy front door: the session code (with ky, p-retry, jose) and the SDK are
// fetched in parallel when it is called, so a page that only calls it keeps them out of its first chunk.
export { loadViewer } from './lazy/index.js';
export type { LoadViewerOptions } from './viewer/load-viewer.js';
export { createViewerSession, type ViewerSession, type LoadedViewerSession } from './session/session.js';
export type { ViewerSessionOptions, SessionLoadConfiguration, AttachOptions } from './session/session-options.js';
export {
  SessionError,
  SessionEndedError,
  ConfigurationError,
  RefreshHttpError,
  type SessionErrorCode,
  type SessionErrorDetails,
  type SessionEndReason,
  type InvalidTokenReason,
} from './errors/errors.js';
export { LoadAbortedError, ViewerAssetsError } from './errors/load-errors.js';
export { isSessionError } from './errors/guards.js';
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
  SaveFailureReason,
  SaveOccasion,
} from './session/events.js';
export type { SaveOutcome } from './session/pending-changes.js';
export type { AfterSignOut } from './policy/renewal-policy.js';
export type { RenewalOptions } from './policy/options.js';
export type { LogEntry, LogWhat, LogLevel, RuleName, TabRole, DebugOption } from './diagnostics/log-entry.js';
export type { SessionDiagnosis, TokenOrigin } from './diagnostics/diagnosis.js';
export type { RenewalProgress } from './diagnostics/session-log.js';
export type { RenewalMethodOption } from './policy/renewal-method.js';
export type { SharingOptions } from './sharing/token-sharing.js';
export type { ChannelFactory, ChannelLike } from './sharing/tab-channel.js';
export type { RefreshSource, RefreshEndpoint, RefreshFunction, RefreshContext, RefreshResult, RefreshBody } from './tokens/refresh-source.js';
export type { Environment, WakeCause } from './session/environment.js';
export type { VisibilitySource } from './viewer/page-visibility.js';
export type { ViewerInstance, ViewerSdk, SdkSource } from './viewer/viewer-sdk.js';
