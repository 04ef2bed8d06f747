// "Expire / revoke everything issued so far" without storing tokens: every JWT the stand-in mints
// gets a sequential jti (j1, j2, ...), and the admin API moves a cutoff past the last one issued.
// Foreign JWTs signed with a supplied key and no such jti fall back to their iat.

export type CredentialStatus = 'ok' | 'expired' | 'revoked';

export class CredentialCutoffs {
  private minted = 0;
  private expiredUpTo = 0;
  private revokedUpTo = 0;
  private expiredAtSec = Number.NEGATIVE_INFINITY;
  private revokedAtSec = Number.NEGATIVE_INFINITY;

  nextJti(): string {
    this.minted += 1;
    return `j${this.minted}`;
  }

  expireAll(): void {
    this.expiredUpTo = this.minted;
    this.expiredAtSec = Math.floor(Date.now() / 1000);
  }

  revokeAll(): void {
    this.revokedUpTo = this.minted;
    this.revokedAtSec = Math.floor(Date.now() / 1000);
  }

  statusOf(claims: { jti?: unknown; iat?: unknown }): CredentialStatus {
    const serial = typeof claims.jti === 'string' && /^j\d+$/.test(claims.jti) ? Number(claims.jti.slice(1)) : undefined;
    const iat = typeof claims.iat === 'number' ? claims.iat : Number.NEGATIVE_INFINITY;
    const revoked = serial !== undefined ? serial <= this.revokedUpTo : iat <= this.revokedAtSec;
    if (revoked) return 'revoked';
    const expired = serial !== undefined ? serial <= this.expiredUpTo : iat <= this.expiredAtSec;
    return expired ? 'expired' : 'ok';
  }
}
