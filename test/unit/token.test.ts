import { describe, expect, it } from 'vitest';
import { InvalidTokenError } from '../../src/errors/errors.js';
import { assertSameDocument, readTokenClaims } from '../../src/tokens/token.js';
import { makeJwt } from '../support/jwt.js';

const reasonOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidTokenError);
    return (error as InvalidTokenError).reason;
  }
  throw new Error('expected InvalidTokenError');
};

describe('readTokenClaims', () => {
  it('rejects an exp given in milliseconds (the year 57971) with a typed reason', () => {
    const exp = Date.UTC(2026, 0, 1) + 300_000;
    expect(reasonOf(() => readTokenClaims(makeJwt({ exp, document_id: 'doc-1' })))).toBe('implausible-expiry');
    expect(readTokenClaims(makeJwt({ exp: Math.floor(exp / 1000), document_id: 'doc-1' })).expiresAt).toBe(exp);
  });

  it('reads exp, iat, document_id and layer in ms', () => {
    const claims = readTokenClaims(makeJwt({ exp: 2000, iat: 1700, document_id: 'doc-1', layer: 'review' }));
    expect(claims).toMatchObject({ expiresAt: 2_000_000, issuedAt: 1_700_000, documentId: 'doc-1', layer: 'review' });
  });

  it('sums up every claim but the time claims as its rights, whatever the key order (issue 16.6)', () => {
    const read = (payload: Record<string, unknown>) => readTokenClaims(makeJwt(payload)).rights;
    const editor = { document_id: 'doc-1', permissions: ['read', 'write'], user_id: 'u1', layer: 'l' };
    expect(read({ ...editor, exp: 2000, iat: 1700, jti: 'a' })).toBe(read({ exp: 3000, iat: 2700, jti: 'b', ...editor }));
    expect(read({ user_id: 'u1', layer: 'l', document_id: 'doc-1', permissions: ['read', 'write'], exp: 2000 })).toBe(read({ ...editor, exp: 2000 }));
    expect(read({ ...editor, exp: 2000, permissions: ['read'] })).not.toBe(read({ ...editor, exp: 2000 }));
  });

  it('falls back to allowed_documents[0].document_id', () => {
    const claims = readTokenClaims(makeJwt({ exp: 2000, allowed_documents: [{ document_id: 'doc-9' }] }));
    expect(claims.documentId).toBe('doc-9');
  });

  it.each([
    ['not a JWT at all', 'malformed'],
    ['a.b', 'malformed'],
    ['a.b.c.d.e', 'malformed'],
    ['@@.##.!!', 'malformed'],
    ['e30.e30.c2ln', 'unsigned'], // {} header: no alg
  ])('rejects %j as %s', (jwt, reason) => {
    expect(reasonOf(() => readTokenClaims(jwt))).toBe(reason);
  });

  it('rejects alg none and an empty signature as unsigned', () => {
    expect(reasonOf(() => readTokenClaims(makeJwt({ exp: 2000 }, { alg: 'none' })))).toBe('unsigned');
    const [header, payload] = makeJwt({ exp: 2000 }).split('.');
    expect(reasonOf(() => readTokenClaims(`${header}.${payload}.`))).toBe('unsigned');
  });

  it('rejects a token without a numeric exp', () => {
    expect(reasonOf(() => readTokenClaims(makeJwt({ document_id: 'd' })))).toBe('no-expiry');
    expect(reasonOf(() => readTokenClaims(makeJwt({ exp: '2000' as unknown as number })))).toBe('no-expiry');
  });

  it('never puts the token text in the error', () => {
    const jwt = `${makeJwt({ exp: 2000 }).split('.').slice(0, 2).join('.')}x.!!`;
    try {
      readTokenClaims(jwt);
    } catch (error) {
      expect(String((error as Error).message)).not.toContain(jwt.slice(0, 20));
    }
  });
});

describe('assertSameDocument', () => {
  const claims = (document_id: string, layer?: string) =>
    readTokenClaims(makeJwt({ exp: 2000, document_id, ...(layer ? { layer } : {}) }));

  it('accepts the same document, with any layer before one is locked', () => {
    expect(() => assertSameDocument(claims('doc-1', 'x'), { documentId: 'doc-1' })).not.toThrow();
  });

  it('rejects another document', () => {
    expect(reasonOf(() => assertSameDocument(claims('doc-2'), { documentId: 'doc-1' }))).toBe('other-document');
  });

  it('rejects a changed layer once locked, including default <-> named', () => {
    const expected = { documentId: 'doc-1', lockedLayer: { layer: 'a' } };
    expect(reasonOf(() => assertSameDocument(claims('doc-1', 'b'), expected))).toBe('other-layer');
    expect(reasonOf(() => assertSameDocument(claims('doc-1'), expected))).toBe('other-layer');
    const onDefault = { documentId: 'doc-1', lockedLayer: { layer: undefined } };
    expect(reasonOf(() => assertSameDocument(claims('doc-1', 'a'), onDefault))).toBe('other-layer');
    expect(() => assertSameDocument(claims('doc-1'), onDefault)).not.toThrow();
  });
});
