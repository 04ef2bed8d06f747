// errors/: every error the session reports is a SessionError with a `code` (SessionErrorCode); only
// the ones apps branch on or throw are exported as classes, and `guards.ts` has the one guard,
// isSessionError(error, code?). They carry the HTTP status and the attempt count where there is
// one, and the underlying error as `cause`; never a token's text.

/**
 * What went wrong. Only the errors users branch on have classes of their own (`SessionEndedError`,
 * `LoadAbortedError`, `ConfigurationError`, `ViewerAssetsError`); the rest are `SessionError`s with one of these codes.
 * - `session-ended`: the endpoint said 401/403 or redirected, or the app signed out (`SessionEndedError`)
 * - `refresh-http`, `refresh-network`, `refresh-timeout`: the token endpoint answered an error status, could not be reached, or took too long
 * - `refresh-response`: it answered 2xx without a token; `refresh-function`: your refresh function threw (a bug, not retried)
 * - `invalid-token`: a token failed the checks (`reason` says which); `token-not-extended`: it expires no later than the current one
 * - `renewal-loop`: the loop breaker stopped renewal; `set-session`: the viewer's setSession threw
 * - `viewer-swap`: a swap or reload (SDKs without setSession) failed; the old viewer stays
 * - `viewer-not-ready`, `session-unloaded`: no viewer to take the token; `renewal-failed`: anything else
 * - `configuration`: the options cannot work (`ConfigurationError`)
 * - `load-aborted`, `viewer-load`, `viewer-assets`: loading the viewer was cancelled, failed, or its files are missing
 * - `load-timeout`: the load did not finish within `loadTimeoutMs` (`LoadTimeoutError`)
 * @example if (isSessionError(error, 'refresh-network')) showOfflineHint();
 */
export type SessionErrorCode =
  | 'renewal-failed'
  | 'configuration'
  | 'refresh-http'
  | 'refresh-network'
  | 'refresh-timeout'
  | 'refresh-response'
  | 'refresh-function'
  | 'invalid-token'
  | 'token-not-extended'
  | 'session-ended'
  | 'renewal-loop'
  | 'set-session'
  | 'viewer-not-ready'
  | 'session-unloaded'
  | 'viewer-swap'
  | 'load-aborted'
  | 'viewer-load'
  | 'viewer-assets'
  | 'load-timeout';

export interface SessionErrorDetails {
  status?: number;
  attempts?: number;
  cause?: unknown;
}

export class SessionError extends Error {
  override name = 'SessionError';
  /** What went wrong, as one of `SessionErrorCode`: branch on it (`isSessionError(error, code)`). */
  readonly code: SessionErrorCode = 'renewal-failed';
  /** HTTP status from the refresh endpoint, when the failure came with one. */
  readonly status: number | undefined;
  /** Refresh attempts made in the renewal that failed (set when the renewal gives up). */
  attempts: number;

  constructor(message: string, details: SessionErrorDetails = {}) {
    super(message, { cause: details.cause });
    this.status = details.status;
    this.attempts = details.attempts ?? 0;
  }
}

/** The options given to `loadViewer` cannot work. */
export class ConfigurationError extends SessionError {
  override name = 'ConfigurationError';
  override readonly code: SessionErrorCode = 'configuration';
}

/** The refresh endpoint answered with a status other than 2xx. */
export class RefreshHttpError extends SessionError {
  override name = 'RefreshHttpError';
  override readonly code: SessionErrorCode = 'refresh-http';
  /** How long the endpoint asked us to wait (Retry-After), when it said so. */
  readonly retryAfterMs: number | undefined;

  constructor(status: number, retryAfterMs?: number, cause?: unknown) {
    super(`Token refresh endpoint answered HTTP ${status}`, { status, cause });
    this.retryAfterMs = retryAfterMs;
  }
}

/** The refresh endpoint could not be reached (offline, DNS, refused, CORS). */
export class RefreshNetworkError extends SessionError {
  override name = 'RefreshNetworkError';
  override readonly code: SessionErrorCode = 'refresh-network';
}

/** One refresh attempt took longer than its timeout. */
export class RefreshTimeoutError extends SessionError {
  override name = 'RefreshTimeoutError';
  override readonly code: SessionErrorCode = 'refresh-timeout';

  constructor(readonly timeoutMs: number, cause?: unknown) {
    super(`Token refresh attempt timed out after ${timeoutMs} ms`, { cause });
  }
}

/** The refresh endpoint answered 2xx but with no usable token: says what came back instead. */
export class RefreshResponseError extends SessionError {
  override name = 'RefreshResponseError';
  override readonly code: SessionErrorCode = 'refresh-response';

  constructor(readonly received: string, status?: number) {
    super(`Token refresh endpoint answered without a token: ${received}`, { status });
  }
}

export type InvalidTokenReason =
  | 'malformed'
  | 'unsigned'
  | 'no-expiry'
  | 'expired'
  | 'other-document'
  | 'other-layer'
  | 'implausible-expiry';

/** A token failed the checks made before `setSession`: it is never handed to the viewer. */
export class InvalidTokenError extends SessionError {
  override name = 'InvalidTokenError';
  override readonly code: SessionErrorCode = 'invalid-token';

  constructor(readonly reason: InvalidTokenReason, message: string) {
    super(`Token rejected (${reason}): ${message}`);
  }
}

/** Why the user's session is over: the endpoint's 401, 403, a redirect to a login page, or the app said so. */
export type SessionEndReason = 'unauthorized' | 'forbidden' | 'redirect' | 'signed-out';

const endMessages: Record<SessionEndReason, string> = {
  unauthorized: 'token refresh endpoint answered HTTP 401',
  forbidden: 'token refresh endpoint answered HTTP 403',
  redirect: 'token refresh endpoint redirected (a login page?)',
  'signed-out': 'the app signed the user out',
};

/** The refresh endpoint said the user's own session is gone (401/403/redirect): renewal stops. */
export class SessionEndedError extends SessionError {
  override name = 'SessionEndedError';
  override readonly code: SessionErrorCode = 'session-ended';
  readonly reason: SessionEndReason;

  constructor(status: number | undefined, cause?: unknown, reason?: SessionEndReason) {
    const why = reason ?? (status === 403 ? 'forbidden' : 'unauthorized');
    super(`The user's session has ended: ${endMessages[why]}`, { status, cause });
    this.reason = why;
  }
}

/**
 * More renewals or failures in a short window than any healthy token lifetime explains: renewal
 * stops (state `stopped`) until the app calls `session.renew()`.
 */
export class RenewalLoopError extends SessionError {
  override name = 'RenewalLoopError';
  override readonly code: SessionErrorCode = 'renewal-loop';
}

/** The endpoint answered with a token that expires no later than the one the viewer has (a cache?). */
export class TokenNotExtendedError extends SessionError {
  override name = 'TokenNotExtendedError';
  override readonly code: SessionErrorCode = 'token-not-extended';

  constructor() {
    super('Token refresh endpoint answered with a token that does not expire later than the current one: not applied');
  }
}

/** The app's own refresh function failed with something that is not a network or HTTP failure: a bug, not retried. */
export class RefreshFunctionError extends SessionError {
  override name = 'RefreshFunctionError';
  override readonly code: SessionErrorCode = 'refresh-function';
}

/** The viewer's `setSession` threw: the token did not reach it. */
export class SetSessionError extends SessionError {
  override name = 'SetSessionError';
  override readonly code: SessionErrorCode = 'set-session';
}

/** The viewer is not there to take a token: not loaded yet, or already unloaded. */
export class ViewerNotReadyError extends SessionError {
  override name = 'ViewerNotReadyError';
  override readonly code: SessionErrorCode = 'viewer-not-ready';
}

/** The session was unloaded while this renewal was running. */
export class SessionUnloadedError extends SessionError {
  override name = 'SessionUnloadedError';
  override readonly code: SessionErrorCode = 'session-unloaded';

  constructor() {
    super('The viewer session was unloaded');
  }
}

/** A swap or in-place reload could not give the viewer its new token; the old viewer stays. */
export class ViewerSwapError extends SessionError {
  override name = 'ViewerSwapError';
  override readonly code: SessionErrorCode = 'viewer-swap';
}
