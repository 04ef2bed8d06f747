// Signs JWTs for the document: used by the control server's /api/token and by tests (mintToken).
import { SignJWT } from 'jose';
import type { CredentialCutoffs } from './credential-cutoffs';
import type { JwtAlg, SigningKeys } from './signing-keys';

export interface MintClaims {
  exp: number;
  iat: number;
  document_id: string;
  permissions: string[];
  user_id: string;
  layer: string;
}

export interface MintOptions { alg?: JwtAlg }

export const DEFAULT_PERMISSIONS = ['read-document', 'write', 'download'];

export class TokenMinter {
  constructor(
    private readonly keys: SigningKeys,
    private readonly cutoffs: CredentialCutoffs,
    private readonly documentId: string,
    private readonly lifetimeSec: () => number,
  ) {}

  /** Defaults: iat now, exp now + lifetime, this document, the demo user's permissions. */
  async mint(claims: Partial<MintClaims> = {}, opts: MintOptions = {}): Promise<string> {
    const alg = opts.alg ?? 'ES256';
    const iat = claims.iat ?? Math.floor(Date.now() / 1000);
    const payload: Record<string, unknown> = {
      document_id: this.documentId,
      permissions: DEFAULT_PERMISSIONS,
      user_id: 'demo-user',
      ...claims,
      iat,
      exp: claims.exp ?? iat + this.lifetimeSec(),
      jti: this.cutoffs.nextJti(),
    };
    return new SignJWT(payload).setProtectedHeader({ alg, typ: 'JWT' }).sign(await this.keys.privateKey(alg));
  }

  /** What GET|POST /api/token answers: the JWT plus its expiry in ms for the client's scheduler. */
  async mintForRequest(layer?: string): Promise<{ jwt: string; expiresAt: number }> {
    const iat = Math.floor(Date.now() / 1000);
    const exp = iat + this.lifetimeSec();
    const jwt = await this.mint(layer ? { iat, exp, layer } : { iat, exp });
    return { jwt, expiresAt: exp * 1000 };
  }
}
