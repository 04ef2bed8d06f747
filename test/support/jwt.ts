// Unsigned-but-well-formed compact JWS for unit tests (our library only decodes; the engine fake checks claims).

export interface JwtClaims {
  exp?: number;
  iat?: number;
  document_id?: string;
  layer?: string;
  permissions?: string[];
  [k: string]: unknown;
}

const base64url = (text: string): string => Buffer.from(text, 'utf8').toString('base64url');

/** header {alg:'ES256',typ:'JWT'} . payload . 'c2ln' ("sig"): decodable by anything that does not verify. */
export function makeJwt(claims: JwtClaims, opts: { alg?: string } = {}): string {
  const header = { alg: opts.alg ?? 'ES256', typ: 'JWT' };
  return `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}.c2ln`;
}

// A counter in `jti` keeps two tokens minted in the same second distinct (the fake engine
// revokes by token string, and tests compare setSession arguments).
let minted = 0;

/** A read/write JWT for `documentId`: iat = now, exp = now + lifetime (seconds, floored). */
export function jwtFor(documentId: string, lifetimeSec: number, nowMs = Date.now(), { iat = true } = {}): string {
  return makeJwt({
    document_id: documentId,
    permissions: ['read-document', 'write', 'download'],
    ...(iat ? { iat: Math.floor(nowMs / 1000) } : {}),
    exp: Math.floor(nowMs / 1000 + lifetimeSec),
    jti: `test-${++minted}`,
  });
}

/** Payload of a compact JWS, or null when it is not one (as the SDK and the engine see it). */
export function decodeJwtClaims(jwt: unknown): JwtClaims | null {
  if (typeof jwt !== 'string') return null;
  const parts = jwt.split('.');
  if (parts.length !== 3 || parts[1] === undefined) return null;
  try {
    const claims: unknown = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    return claims !== null && typeof claims === 'object' ? (claims as JwtClaims) : null;
  } catch {
    return null;
  }
}

/** The document a JWT grants, as the SDK reads it: `document_id` or `allowed_documents[0].document_id`. */
export function jwtDocumentId(claims: JwtClaims): string | undefined {
  if (typeof claims.document_id === 'string') return claims.document_id;
  const allowed = claims.allowed_documents;
  const first: unknown = Array.isArray(allowed) ? allowed[0] : undefined;
  const id = first !== null && typeof first === 'object' ? (first as { document_id?: unknown }).document_id : undefined;
  return typeof id === 'string' ? id : undefined;
}
