// Every error the session reports. They carry the HTTP status and the attempt count where there
// is one, and the underlying error as `cause`; never a token's text.

export interface SessionErrorDetails {
  status?: number;
  attempts?: number;
  cause?: unknown;
}

export class SessionError extends Error {
  override name = 'SessionError';
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
}

/** The refresh endpoint answered with a status other than 2xx. */
export class RefreshHttpError extends SessionError {
  override name = 'RefreshHttpError';
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
}

/** One refresh attempt took longer than its timeout. */
export class RefreshTimeoutError extends SessionError {
  override name = 'RefreshTimeoutError';

  constructor(readonly timeoutMs: number, cause?: unknown) {
    super(`Token refresh attempt timed out after ${timeoutMs} ms`, { cause });
  }
}

/** The refresh endpoint answered 2xx but with no usable token: says what came back instead. */
export class RefreshResponseError extends SessionError {
  override name = 'RefreshResponseError';

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
  | 'other-layer';

/** A token failed the checks made before `setSession`: it is never handed to the viewer. */
export class InvalidTokenError extends SessionError {
  override name = 'InvalidTokenError';

  constructor(readonly reason: InvalidTokenReason, message: string) {
    super(`Token rejected (${reason}): ${message}`);
  }
}

/** The refresh endpoint said the user's own session is gone (401/403): renewal stops. */
export class SessionEndedError extends SessionError {
  override name = 'SessionEndedError';

  constructor(status: number, cause?: unknown) {
    super(`The user's session has ended: token refresh endpoint answered HTTP ${status}`, { status, cause });
  }
}

/** More renewals in a short window than any healthy token lifetime explains: we stop hammering. */
export class RenewalLoopError extends SessionError {
  override name = 'RenewalLoopError';
}

/** The viewer is not there to take a token: not loaded yet, or already unloaded. */
export class ViewerNotReadyError extends SessionError {
  override name = 'ViewerNotReadyError';
}

/** The session was unloaded while this renewal was running. */
export class SessionUnloadedError extends SessionError {
  override name = 'SessionUnloadedError';

  constructor() {
    super('The viewer session was unloaded');
  }
}
