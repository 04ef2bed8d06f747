// Unsigned-but-well-formed compact JWS for unit tests: the library only decodes; the fake engine checks claims.
const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

export function makeJwt(
  claims: { exp?: number; iat?: number; document_id?: string; layer?: string; permissions?: string[]; [k: string]: unknown },
  opts: { alg?: string } = {},
): string {
  return `${encode({ alg: opts.alg ?? 'ES256', typ: 'JWT' })}.${encode(claims)}.c2ln`;
}

/** A token for `documentId` issued at `nowMs` (seconds, floored) that lives `lifetimeSec`. */
export function jwtFor(documentId: string, lifetimeSec: number, nowMs = Date.now()): string {
  const iat = Math.floor(nowMs / 1000);
  return makeJwt({ iat, exp: iat + lifetimeSec, document_id: documentId, permissions: ['read-document', 'write'] });
}
