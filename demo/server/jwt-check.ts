// Verifies the JWT sent to POST .../auth the way Document Engine is configured to: asymmetric
// signatures by our key only, a required exp, the right document_id and read-document permission.
import { decodeProtectedHeader, errors as joseErrors, jwtVerify } from 'jose';
import type { CredentialCutoffs } from './credential-cutoffs';
import { InvalidTokenError, TokenExpiredError, TokenRevokedError } from './http-errors';
import { JWT_ALGS, type JwtAlg, type SigningKeys } from './signing-keys';

export interface DocumentClaims {
  exp: number;
  iat?: number;
  document_id: string;
  permissions: string[];
  user_id?: string;
  layer?: string;
  jti?: string;
}

export interface JwtRules {
  documentId: string;
  keys: SigningKeys;
  cutoffs: CredentialCutoffs;
}

function algorithmOf(jwt: string): JwtAlg {
  let alg: unknown;
  try {
    alg = decodeProtectedHeader(jwt).alg;
  } catch {
    throw new InvalidTokenError('format');
  }
  if (!JWT_ALGS.includes(alg as JwtAlg)) throw new InvalidTokenError('algorithm');
  return alg as JwtAlg;
}

async function verifySignature(jwt: string, rules: JwtRules): Promise<Record<string, unknown>> {
  const alg = algorithmOf(jwt);
  const key = await rules.keys.publicKey(alg);
  if (!key) throw new InvalidTokenError('signature');
  try {
    const { payload } = await jwtVerify(jwt, key, { algorithms: [alg], requiredClaims: ['exp'] });
    return payload;
  } catch (error) {
    if (error instanceof joseErrors.JWTExpired) throw new TokenExpiredError();
    if (error instanceof joseErrors.JWTClaimValidationFailed) throw new InvalidTokenError('claims');
    throw new InvalidTokenError('signature');
  }
}

/** Returns the claims, or throws the HttpError the engine answers with. */
export async function verifyDocumentJwt(jwt: unknown, rules: JwtRules): Promise<DocumentClaims> {
  if (typeof jwt !== 'string' || jwt === '') throw new InvalidTokenError('missing');
  const payload = await verifySignature(jwt, rules);
  if (payload.document_id !== rules.documentId) throw new InvalidTokenError('document_id');
  const permissions = payload.permissions;
  if (!Array.isArray(permissions) || !permissions.includes('read-document')) throw new InvalidTokenError('permissions');
  if (payload.layer !== undefined && typeof payload.layer !== 'string') throw new InvalidTokenError('layer');
  const status = rules.cutoffs.statusOf(payload);
  if (status === 'revoked') throw new TokenRevokedError();
  if (status === 'expired') throw new TokenExpiredError();
  return payload as unknown as DocumentClaims;
}
