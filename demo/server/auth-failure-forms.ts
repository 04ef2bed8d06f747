// How the engine words an auth failure. The SDK starts its refresh (soft refresh, then
// onAuthFailed) on a 401 with any body, or a 403 whose body contains one of three phrases
// (checked on the body text, whatever the Content-Type). Real engines and proxies differ, so a
// test can make every auth failure answer in one of those forms; 'natural' keeps the answers
// that say what happened (403 'Token has expired' / 'Token has been revoked' / 'Invalid token
// (reason)', 401 for a missing session).
import { BadRequestError, HttpError, InvalidTokenError, MissingSessionError, TokenExpiredError, TokenRevokedError } from './http-errors';

export const AUTH_FAILURE_FORMS = ['natural', '401-json', '401-text', '403-expired', '403-invalid', '403-revoked'] as const;
export type AuthFailureForm = (typeof AUTH_FAILURE_FORMS)[number];

/** One answer, worded like an engine behind a gateway that speaks JSON. Exactly `application/json`:
 * the SDK's tile code compares the header to that string, so this is the form it would parse. */
export const JSON_AUTH_FAILURE_BODY = '{"reason":"expired_token"}';

/** An auth failure answered in a chosen form (a 401 JSON one carries its own Content-Type). */
export class RewordedAuthFailureError extends HttpError {}

export function isAuthFailure(error: unknown): error is HttpError {
  return error instanceof TokenExpiredError || error instanceof TokenRevokedError
    || error instanceof InvalidTokenError || error instanceof MissingSessionError;
}

/** The error to answer with instead of `error` under `form` (the same error when nothing changes). */
export function reword(error: unknown, form: AuthFailureForm): unknown {
  if (form === 'natural' || !isAuthFailure(error)) return error;
  switch (form) {
    case '401-json': return new RewordedAuthFailureError(401, JSON_AUTH_FAILURE_BODY, { 'Content-Type': 'application/json' });
    case '401-text': return new RewordedAuthFailureError(401, 'Unauthorized');
    case '403-expired': return new RewordedAuthFailureError(403, 'Token has expired');
    case '403-invalid': return new RewordedAuthFailureError(403, 'Invalid token');
    case '403-revoked': return new RewordedAuthFailureError(403, 'Token has been revoked');
  }
}

/** Checks an admin-API value; throws a 400 naming the choices. */
export function validateAuthFailureForm(value: unknown): AuthFailureForm {
  if (!AUTH_FAILURE_FORMS.includes(value as AuthFailureForm)) {
    throw new BadRequestError(`form must be one of ${AUTH_FAILURE_FORMS.join(', ')}`);
  }
  return value as AuthFailureForm;
}
