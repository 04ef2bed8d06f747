// Session tokens handed out by POST .../auth. A session lives as long as the JWT that opened it
// (its exp), and dies early when the admin API expires or revokes everything.
import { createHash, randomBytes } from 'node:crypto';
import type { DocumentClaims } from './jwt-check';
import { MissingSessionError, TokenExpiredError, TokenRevokedError } from './http-errors';

export interface Session {
  id: string; // short and non-secret (s1, s2, ...): this is what the log shows
  token: string;
  imageToken: string;
  layer: string;
  layerHandle: string;
  permissions: string[];
  userId: string | null;
  expiresAtMs: number;
  ended?: 'expired' | 'revoked';
}

/** Same (document, layer) gives the same handle, so re-authentication keeps the viewer's layer. */
export function layerHandleFor(documentId: string, layer: string): string {
  return `layer-${createHash('sha256').update(`${documentId}\n${layer}`).digest('hex').slice(0, 16)}`;
}

export class SessionStore {
  private readonly byToken = new Map<string, Session>();
  private serial = 0;

  constructor(private readonly documentId: string) {}

  open(claims: DocumentClaims): Session {
    const layer = claims.layer ?? '';
    this.serial += 1;
    const session: Session = {
      id: `s${this.serial}`,
      token: `tok_${randomBytes(18).toString('base64url')}`,
      imageToken: `img_${randomBytes(18).toString('base64url')}`,
      layer,
      layerHandle: layerHandleFor(this.documentId, layer),
      permissions: claims.permissions,
      userId: claims.user_id ?? null,
      expiresAtMs: claims.exp * 1000,
    };
    this.byToken.set(session.token, session);
    this.byToken.set(session.imageToken, session);
    return session;
  }

  /** Finds the session of a session or image token, whether still usable or not. */
  find(token: string | undefined): Session | undefined {
    return token ? this.byToken.get(token) : undefined;
  }

  /** Returns the live session or throws the auth failure the engine answers with. */
  require(token: string | undefined): Session {
    const session = this.find(token);
    if (!session) throw new MissingSessionError();
    if (session.ended === 'revoked') throw new TokenRevokedError();
    if (session.ended === 'expired' || Date.now() >= session.expiresAtMs) throw new TokenExpiredError();
    return session;
  }

  /** Whether the session with this short id (s1, s2, ... as logged) is usable now. */
  statusOf(id: string): 'active' | 'expired' | 'revoked' | undefined {
    const session = [...this.byToken.values()].find((candidate) => candidate.id === id);
    if (!session) return undefined;
    if (session.ended) return session.ended;
    return Date.now() >= session.expiresAtMs ? 'expired' : 'active';
  }

  endAll(reason: 'expired' | 'revoked'): void {
    for (const session of this.byToken.values()) if (session.ended !== 'revoked') session.ended = reason;
  }

  counts(): { total: number; active: number } {
    const sessions = new Set(this.byToken.values());
    const now = Date.now();
    const active = [...sessions].filter((s) => !s.ended && now < s.expiresAtMs).length;
    return { total: sessions.size, active };
  }
}
