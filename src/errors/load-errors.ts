// Errors of loading the viewer (as opposed to renewing its token). Like every error of this
// package they extend SessionError and never carry a token's text.
import { SessionError, type SessionErrorCode } from './errors.js';

/**
 * The load was cancelled through its `signal` (a component unmounted, a document switched).
 * Frameworks can ignore it: nothing is left running, no token request or `setSession` follows.
 *
 * @example
 * loadViewer({ ...options, signal }).catch((error) => {
 *   if (!isSessionError(error, 'load-aborted')) showError(error);
 * });
 */
export class LoadAbortedError extends SessionError {
  override name = 'LoadAbortedError';
  override readonly code: SessionErrorCode = 'load-aborted';

  constructor(cause?: unknown) {
    super('Loading the viewer was cancelled', { cause });
  }
}

/**
 * The viewer could not be set up: `load()` failed for a reason other than auth, or the viewer threw
 * when given its token. The viewer is unloaded and renewal stopped; `cause` is the SDK's error.
 *
 * @example
 * try { await loadViewer(options); } catch (error) {
 *   if (isSessionError(error, 'viewer-load')) console.error('viewer failed', error.cause);
 * }
 */
export class ViewerLoadError extends SessionError {
  override name = 'ViewerLoadError';
  override readonly code: SessionErrorCode = 'viewer-load';
}

/**
 * The SDK's runtime files (`nutrient-viewer-lib/`) are not where `baseUrl` says, or no `baseUrl`
 * could be found. `url` is the address that failed.
 *
 * @example
 * if (error instanceof ViewerAssetsError) console.error(`Serve the SDK assets at ${error.url}`);
 */
export class ViewerAssetsError extends ViewerLoadError {
  override name = 'ViewerAssetsError';
  override readonly code: SessionErrorCode = 'viewer-assets';

  constructor(readonly url: string | undefined, message: string, cause?: unknown) {
    super(message, { cause });
  }
}

/**
 * The load did not finish within `loadTimeoutMs` (default 120 s): the engine, the token endpoint or
 * the SDK's files did not answer. Nothing is left behind: the session is unloaded, and a viewer
 * that loads later anyway is unloaded at once.
 *
 * @example
 * loadViewer({ ...options, loadTimeoutMs: 30_000 }).catch((error) => {
 *   if (isSessionError(error, 'load-timeout')) showRetryButton();
 * });
 */
export class LoadTimeoutError extends ViewerLoadError {
  override name = 'LoadTimeoutError';
  override readonly code: SessionErrorCode = 'load-timeout';

  constructor(readonly timeoutMs: number) {
    super(
      `The viewer did not load within ${timeoutMs} ms: check that Document Engine (serverUrl), your token endpoint ` +
        "and the SDK's files (baseUrl) answer; loadTimeoutMs sets the limit",
    );
  }
}
