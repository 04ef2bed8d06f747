// Type guards that work across two copies of this package (a dependency bundling its own):
// `instanceof` fails there, the error's `name` does not.
import type {
  ConfigurationError,
  InvalidTokenError,
  RefreshFunctionError,
  SetSessionError,
  ViewerSwapError,
  TokenNotExtendedError,
  RefreshHttpError,
  RefreshNetworkError,
  RefreshResponseError,
  RefreshTimeoutError,
  RenewalLoopError,
  SessionEndedError,
  SessionUnloadedError,
  ViewerNotReadyError,
} from './errors.js';
import { SessionError } from './errors.js';
import type { LoadAbortedError, ViewerAssetsError, ViewerLoadError } from './load-errors.js';

/** Every error name this package uses, including those of newer versions it may meet. */
const sessionErrorNames = new Set([
  'SessionError',
  'ConfigurationError',
  'RefreshHttpError',
  'RefreshNetworkError',
  'RefreshTimeoutError',
  'RefreshResponseError',
  'RefreshFunctionError',
  'InvalidTokenError',
  'TokenNotExtendedError',
  'SetSessionError',
  'ViewerSwapError',
  'SessionEndedError',
  'RenewalLoopError',
  'ViewerNotReadyError',
  'SessionUnloadedError',
  'LoadAbortedError',
  'ViewerLoadError',
  'ViewerAssetsError',
]);

function nameOf(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { name } = value as { name?: unknown };
  return typeof name === 'string' ? name : undefined;
}

/**
 * True for any error this package throws or reports, from this copy of it or another.
 *
 * @example
 * session.on('error', ({ error }) => { if (isSessionError(error)) report(error.status); });
 */
export function isSessionError(value: unknown): value is SessionError {
  return value instanceof SessionError || (value instanceof Error && sessionErrorNames.has(nameOf(value)!));
}

const guard =
  <E extends SessionError>(...names: string[]) =>
  (value: unknown): value is E =>
    isSessionError(value) && names.includes(value.name);

/**
 * True when a load was cancelled through its `signal`: safe to ignore.
 *
 * @example
 * loadViewer({ ...options, signal }).catch((e) => { if (!isLoadAbortedError(e)) throw e; });
 */
export const isLoadAbortedError = guard<LoadAbortedError>('LoadAbortedError');
/**
 * True when the viewer failed to load for a reason other than auth (assets included).
 *
 * @example
 * if (isViewerLoadError(error)) console.error(error.cause);
 */
export const isViewerLoadError = guard<ViewerLoadError>('ViewerLoadError', 'ViewerAssetsError');
/**
 * True when the SDK's runtime files could not be found; `error.url` says where they were looked for.
 *
 * @example
 * if (isViewerAssetsError(error)) console.error(error.url);
 */
export const isViewerAssetsError = guard<ViewerAssetsError>('ViewerAssetsError');
/**
 * True when the options cannot work.
 *
 * @example
 * if (isConfigurationError(error)) console.error(error.message);
 */
export const isConfigurationError = guard<ConfigurationError>('ConfigurationError');
/**
 * True when the token endpoint answered a non-2xx status (see `status`).
 *
 * @example
 * if (isRefreshHttpError(error)) console.log(error.status);
 */
export const isRefreshHttpError = guard<RefreshHttpError>('RefreshHttpError');
/**
 * True when the token endpoint could not be reached.
 *
 * @example
 * if (isRefreshNetworkError(error)) showOfflineHint();
 */
export const isRefreshNetworkError = guard<RefreshNetworkError>('RefreshNetworkError');
/**
 * True when one token request timed out.
 *
 * @example
 * if (isRefreshTimeoutError(error)) console.log(error.timeoutMs);
 */
export const isRefreshTimeoutError = guard<RefreshTimeoutError>('RefreshTimeoutError');
/**
 * True when the token endpoint answered 2xx without a token (an HTML login page, say).
 *
 * @example
 * if (isRefreshResponseError(error)) console.log(error.received);
 */
export const isRefreshResponseError = guard<RefreshResponseError>('RefreshResponseError');
/**
 * True when a token failed the checks made before `setSession`.
 *
 * @example
 * if (isInvalidTokenError(error)) console.log(error.reason);
 */
export const isInvalidTokenError = guard<InvalidTokenError>('InvalidTokenError');
/**
 * True when the token endpoint said the user's session is over (401/403 or a redirect).
 *
 * @example
 * if (isSessionEndedError(error)) showSignInBanner();
 */
export const isSessionEndedError = guard<SessionEndedError>('SessionEndedError');
/**
 * True when renewal stopped because it ran in a loop.
 *
 * @example
 * if (isRenewalLoopError(error)) report(error);
 */
export const isRenewalLoopError = guard<RenewalLoopError>('RenewalLoopError');
/**
 * True when the viewer was not there to take a token.
 *
 * @example
 * if (isViewerNotReadyError(error)) return;
 */
export const isViewerNotReadyError = guard<ViewerNotReadyError>('ViewerNotReadyError');
/**
 * True when the session was unloaded while a renewal ran.
 *
 * @example
 * session.renew().catch((e) => { if (!isSessionUnloadedError(e)) throw e; });
 */
export const isSessionUnloadedError = guard<SessionUnloadedError>('SessionUnloadedError');
/**
 * True when the app's own refresh function failed with a bug (not a network or HTTP failure): not retried.
 *
 * @example
 * if (isRefreshFunctionError(error)) reportBug(error.message);
 */
export const isRefreshFunctionError = guard<RefreshFunctionError>('RefreshFunctionError');
/**
 * True when the endpoint answered a token that expires no later than the current one (a cache?).
 *
 * @example
 * if (isTokenNotExtendedError(error)) console.warn('token endpoint serves cached tokens');
 */
export const isTokenNotExtendedError = guard<TokenNotExtendedError>('TokenNotExtendedError');
/**
 * True when the viewer's `setSession` threw.
 *
 * @example
 * if (isSetSessionError(error)) console.error(error.message);
 */
export const isSetSessionError = guard<SetSessionError>('SetSessionError');
/**
 * True when a swap or reload (SDKs without setSession) could not give the viewer its new token.
 *
 * @example
 * if (isViewerSwapError(error)) console.warn('the viewer keeps its old token for now', error.message);
 */
export const isViewerSwapError = guard<ViewerSwapError>('ViewerSwapError');
