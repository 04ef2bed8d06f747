// tokens/: what a token is and how one is got. `token.ts` reads a JWT's claims without keeping its
// text around; `fetch-token.ts` makes one request to the app's endpoint (ky: the request, its HTTP
// errors) or calls the app's function; `accept-token.ts` runs every check before a token is used
// and plans it (with the policy's `planRenewal`); `redact.ts` keeps token text out of every error.
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { InvalidTokenError } from '../errors/errors.js';
import { isTimeClaim } from '../policy/renewal-policy.js';

/** What we know about a JWT without keeping its text around. Times in ms since the epoch (server clock). */
export interface TokenClaims {
  expiresAt: number;
  issuedAt: number | undefined;
  documentId: string | undefined;
  layer: string | undefined;
  /** Every claim but the time claims, in a canonical form: what the token lets its holder do. */
  rights: string;
}

/** header.payload.signature, base64url; an empty signature is caught later as unsigned. */
export const compactJws = /^[\w-]+\.[\w-]+\.[\w-]*$/;

/** A JWT inside other text (base64url JSON header `eyJ…`), for redaction. */
export const jwtAnywhere = /eyJ[\w-]*\.[\w-]+\.[\w-]*/g;

/** `exp` at or above this is milliseconds, not seconds (it would be the year 5138). */
const EXP_IN_MS_THRESHOLD = 1e11;

/** Decodes a compact JWS. Signature checks are Document Engine's job; the viewer only needs the claims. */
export function readTokenClaims(jwt: string): TokenClaims {
  if (typeof jwt !== 'string' || !compactJws.test(jwt)) {
    throw new InvalidTokenError('malformed', 'not a compact JWS (header.payload.signature)');
  }
  let payload: ReturnType<typeof decodeJwt>;
  let alg: string | undefined;
  try {
    alg = decodeProtectedHeader(jwt).alg;
    payload = decodeJwt(jwt);
  } catch {
    // jose's message is generic and never contains the token; ours says what is wrong.
    throw new InvalidTokenError('malformed', 'header or payload is not base64url-encoded JSON');
  }
  if (!alg || alg === 'none' || jwt.endsWith('.')) {
    throw new InvalidTokenError('unsigned', 'Document Engine accepts only signed tokens (RS256/RS512/ES256/ES512)');
  }
  if (typeof payload.exp !== 'number' || !Number.isFinite(payload.exp)) {
    throw new InvalidTokenError('no-expiry', 'the payload has no numeric "exp" claim');
  }
  if (payload.exp >= EXP_IN_MS_THRESHOLD) {
    throw new InvalidTokenError('implausible-expiry', '"exp" looks like milliseconds; JWT times are seconds since 1970');
  }
  const allowed = payload['allowed_documents'] as Array<{ document_id?: unknown }> | undefined;
  const documentId = payload['document_id'] ?? allowed?.[0]?.document_id;
  const layer = payload['layer'];
  return {
    expiresAt: payload.exp * 1000,
    issuedAt: typeof payload.iat === 'number' ? payload.iat * 1000 : undefined,
    documentId: typeof documentId === 'string' ? documentId : undefined,
    layer: typeof layer === 'string' ? layer : undefined,
    rights: canonicalRights(payload),
  };
}

function canonicalRights(payload: Record<string, unknown>): string {
  const sorted = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(sorted)
      : value && typeof value === 'object'
        ? Object.fromEntries(Object.keys(value).sort().map((key) => [key, sorted((value as Record<string, unknown>)[key])]))
        : value;
  const rights = Object.keys(payload).filter((name) => !isTimeClaim(name)).sort();
  return JSON.stringify(rights.map((name) => [name, sorted(payload[name])]));
}

export interface ExpectedDocument {
  documentId: string;
  /** Set once the viewer has a layer: the first token chooses it. */
  lockedLayer?: { layer: string | undefined } | undefined;
}

/**
 * A renewed token must open the same document and Instant layer as the viewer already has:
 * a changed layer handle makes the viewer tear down its annotation provider.
 */
export function assertSameDocument(claims: TokenClaims, expected: ExpectedDocument): void {
  if (claims.documentId !== expected.documentId) {
    throw new InvalidTokenError(
      'other-document',
      `it is for document "${claims.documentId ?? '(none)'}", the viewer shows "${expected.documentId}"`,
    );
  }
  if (expected.lockedLayer && claims.layer !== expected.lockedLayer.layer) {
    const used = expected.lockedLayer.layer ?? '(default)';
    throw new InvalidTokenError('other-layer', `it is for layer "${claims.layer ?? '(default)'}", the viewer uses "${used}"`);
  }
}
