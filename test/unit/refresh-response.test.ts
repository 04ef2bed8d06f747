import { describe, expect, it } from 'vitest';
import { RefreshResponseError } from '../../src/errors/errors.js';
import { tokenFromBody, tokenFromResult } from '../../src/tokens/refresh-response.js';
import { makeJwt } from '../support/jwt.js';

const jwt = makeJwt({ exp: 2000, document_id: 'doc-1' });

function failure(fn: () => unknown): RefreshResponseError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(RefreshResponseError);
    return error as RefreshResponseError;
  }
  throw new Error('expected RefreshResponseError');
}

describe('tokenFromBody', () => {
  it.each([
    ['{ "jwt": ... }', JSON.stringify({ jwt }), 'application/json'],
    ['{ "token": ... }', JSON.stringify({ token: jwt }), 'application/json; charset=utf-8'],
    ['a bare JWT in text/plain', `${jwt}\n`, 'text/plain'],
    ['JSON without a content type', JSON.stringify({ jwt }), ''],
    ['a JSON string', JSON.stringify(jwt), 'application/json'],
  ])('accepts %s', (_, body, type) => {
    expect(tokenFromBody(body, type, 200)).toBe(jwt);
  });

  it('says an HTML login page came back, with status and size but no content', () => {
    const page = '<!doctype html><title>Sign in</title><form>secret-csrf</form>';
    const error = failure(() => tokenFromBody(page, 'text/html; charset=utf-8', 200));
    expect(error.message).toContain('an HTML page (HTTP 200, text/html');
    expect(error.message).not.toContain('secret-csrf');
    expect(error.status).toBe(200);
  });

  it('says the body was empty', () => {
    expect(failure(() => tokenFromBody('  ', 'application/json', 200)).received).toBe('an empty body (HTTP 200, application/json)');
  });

  it('names the keys of JSON without a token, never the values', () => {
    const error = failure(() => tokenFromBody(JSON.stringify({ access: jwt, user: 'x' }), 'application/json', 200));
    expect(error.received).toBe('JSON without a "jwt" or "token" string (keys: access, user)');
    expect(error.message).not.toContain(jwt);
  });

  it('reports malformed JSON and plain text that is not a JWT', () => {
    expect(failure(() => tokenFromBody('{"jwt": ', 'application/json', 200)).received).toContain('malformed JSON');
    expect(failure(() => tokenFromBody('hello', 'text/plain', 200)).received).toBe('text that is not a JWT (5 characters)');
  });
});

describe('tokenFromResult (custom refresh functions)', () => {
  it('accepts a string, { jwt } and { token }', () => {
    expect(tokenFromResult(jwt)).toBe(jwt);
    expect(tokenFromResult({ jwt })).toBe(jwt);
    expect(tokenFromResult({ token: jwt })).toBe(jwt);
  });

  it('rejects null, numbers and objects without a token', () => {
    expect(failure(() => tokenFromResult(null)).received).toBe('a null value instead of a token');
    expect(failure(() => tokenFromResult(42)).received).toBe('a number value instead of a token');
    expect(failure(() => tokenFromResult({ jwt: 42 })).received).toContain('keys: jwt');
  });
});
