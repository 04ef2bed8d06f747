// Errors that map to an HTTP answer. Handlers throw them; the request wrapper turns them into a
// short text/plain response (the viewer parses a tile's error body when it is exactly application/json).

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class NotFoundError extends HttpError {
  constructor(what = 'Not found') { super(404, what); }
}

export class MethodNotAllowedError extends HttpError {
  constructor(allowed: string[]) { super(405, 'Method not allowed', { Allow: allowed.join(', ') }); }
}

export class BadRequestError extends HttpError {
  constructor(message: string) { super(400, message); }
}

export class MalformedJsonError extends BadRequestError {
  constructor() { super('Malformed JSON'); }
}

export class BodyTooLargeError extends HttpError {
  constructor(limit: number) { super(413, `Request body larger than ${limit} bytes`); }
}

export class ClientGoneError extends HttpError {
  constructor() { super(499, 'Client closed the request'); }
}

// The bodies below are the ones the SDK recognises as auth failures (401 any body, or 403 containing
// one of these phrases), so they start the viewer's soft refresh / onAuthFailed path.

export class TokenExpiredError extends HttpError {
  constructor() { super(403, 'Token has expired'); }
}

export class InvalidTokenError extends HttpError {
  /** `reason` is a fixed, non-secret word such as 'signature' or 'document_id'. */
  constructor(readonly reason: string) { super(403, `Invalid token (${reason})`); }
}

export class TokenRevokedError extends HttpError {
  constructor() { super(403, 'Token has been revoked'); }
}

export class MissingSessionError extends HttpError {
  constructor() { super(401, 'Missing or unknown session token'); }
}

export class OutdatedLayerHandleError extends HttpError {
  // Exactly this body makes the viewer handle a layer conflict.
  constructor() { super(409, 'Outdated layer handle'); }
}
