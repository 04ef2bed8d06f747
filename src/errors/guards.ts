// One guard for every error of this package. It works across two copies of the package (a
// dependency bundling its own), where `instanceof` fails: it reads the error's name and `code`.
import { SessionError, type SessionErrorCode } from './errors.js';

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
  'ViewerReloadError',
  'SessionEndedError',
  'RenewalLoopError',
  'ViewerNotReadyError',
  'SessionUnloadedError',
  'LoadAbortedError',
  'ViewerLoadError',
  'ViewerAssetsError',
  'LoadTimeoutError',
]);

function nameOf(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { name } = value as { name?: unknown };
  return typeof name === 'string' ? name : undefined;
}

/**
 * True for any error this package throws or reports, from this copy of it or another; with `code`,
 * only for that kind of failure (see `SessionErrorCode`).
 *
 * @example
 * session.on('error', ({ error }) => { if (isSessionError(error, 'refresh-network')) showOfflineHint(); });
 * loadViewer(options).catch((error) => { if (!isSessionError(error, 'load-aborted')) showError(error); });
 */
export function isSessionError(value: unknown, code?: SessionErrorCode): value is SessionError {
  const ours = value instanceof SessionError || (value instanceof Error && sessionErrorNames.has(nameOf(value)!));
  return ours && (code === undefined || (value as { code?: unknown }).code === code);
}
