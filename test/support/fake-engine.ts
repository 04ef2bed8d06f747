// A fake Document Engine: answers POST /auth and document requests from in-memory sessions.
// Time is Date.now() and latency is setTimeout, so vi.useFakeTimers() drives everything.
import { decodeJwtClaims, jwtDocumentId } from './jwt.js';
import { MESSAGES, PSPDFKitError } from './sdk-errors.js';

export interface FakeEngineOptions {
  /** The one document this engine serves. Default 'doc-1'. */
  documentId?: string;
  /** Force the outcome of the SDK's soft refresh (re-POST of the current JWT). Default: judged like any /auth. */
  softRefreshSucceeds?: boolean;
  /** Network round trip per request in ms. Default 0: answered after a microtask, no timer needed. */
  latencyMs?: number;
  /** How far the engine's clock is from the browser's (server minus client). Default 0. */
  clockSkewMs?: number;
}

/** Which part of the SDK sent a POST /auth. */
export type AuthKind = 'load' | 'soft-refresh' | 'set-session';
export interface AuthResponse { token: string; imageToken: string; layerHandle: string }
export interface HttpResult { status: number; body: string }
export interface AuthLogEntry { kind: AuthKind; ok: boolean; at: number }

interface Session { jwt: string; expiresAtMs: number; ended: boolean }

/** Resolve after `ms` (a timer), or after a microtask when ms <= 0 so fake timers need no advancing. */
export function delay(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}

export class FakeEngine {
  readonly documentId: string;
  /** POST /auth seen (load, soft refresh, setSession). */
  authRequests = 0;
  /** Requests answered 401/403: failed /auth and failed document requests. */
  authFailures = 0;
  /** Document requests (tiles, syncs) seen, retries included. */
  requests = 0;
  /** Every /auth in order, for assertions about who authenticated when. */
  readonly authLog: AuthLogEntry[] = [];
  /** The annotations the engine holds (ids), as its `instant.json` would list them. */
  readonly annotations = new Set<string>();
  /** Changes (by annotation id) the engine refuses: a save lists them as rejected. */
  refuses: (id: string) => boolean = () => false;
  /** Saves answer 500 (the engine's storage failed) while the session token is fine. */
  failSaves = false;

  private readonly options: FakeEngineOptions;
  private readonly sessions = new Map<string, Session>();
  private readonly seenJwts = new Set<string>();
  private readonly revokedJwts = new Set<string>();
  private down = false;
  private stalled: Promise<void> | undefined;
  private unstall = () => {};
  private nextSession = 0;

  constructor(options: FakeEngineOptions = {}) {
    this.options = options;
    this.documentId = options.documentId ?? 'doc-1';
  }

  /** The engine's own clock: the browser's (Date.now()) plus the skew a test sets. */
  private now(): number {
    return Date.now() + (this.options.clockSkewMs ?? 0);
  }

  /** Every current session token is now invalid; the JWTs behind them may still be valid (soft refresh then succeeds). */
  expireSessions(): void {
    for (const session of this.sessions.values()) session.ended = true;
  }

  /** Every JWT seen so far is rejected from now on, and the sessions made from them end too. */
  revokeJwts(): void {
    for (const jwt of this.seenJwts) this.revokedJwts.add(jwt);
    for (const session of this.sessions.values()) if (this.revokedJwts.has(session.jwt)) session.ended = true;
  }

  /** Unreachable engine: requests reject with a network error (TypeError), never an auth failure. */
  setDown(down: boolean): void {
    this.down = down;
  }

  /** Requests that arrive from now on get no answer until `stall(false)` (a hung engine). */
  stall(on: boolean): void {
    if (on && !this.stalled) this.stalled = new Promise((resolve) => (this.unstall = resolve));
    if (!on && this.stalled) {
      this.stalled = undefined;
      this.unstall();
    }
  }

  /**
   * POST H/sync with changes: judged like any document request; when allowed, the engine keeps
   * what it accepts and answers which ids it refused.
   */
  async saveChanges(sessionToken: string, changes: { created: string[]; deleted: string[] }): Promise<HttpResult & { refused: string[] }> {
    const result = await this.documentRequest(sessionToken);
    if (result.status !== 200) return { ...result, refused: [] };
    if (this.failSaves) return { status: 500, body: 'Internal Server Error', refused: [] };
    const refused = [...changes.created, ...changes.deleted].filter((id) => this.refuses(id));
    for (const id of changes.created) if (!refused.includes(id)) this.annotations.add(id);
    for (const id of changes.deleted) if (!refused.includes(id)) this.annotations.delete(id);
    return { ...result, refused };
  }

  /** POST i/d/:documentId/auth. Rejects like the SDK's auth helper: PSPDFKitError with status and body. */
  async auth(jwt: unknown, kind: AuthKind): Promise<AuthResponse> {
    await this.roundTrip();
    this.authRequests++;
    if (typeof jwt === 'string') this.seenJwts.add(jwt);
    const rejection = this.judgeAuth(jwt, kind);
    this.authLog.push({ kind, ok: rejection === null, at: this.now() });
    if (rejection) {
      if (rejection.status === 401 || rejection.status === 403) this.authFailures++;
      const error = new PSPDFKitError(`${MESSAGES.connecting}${rejection.body}`);
      error.status = rejection.status;
      error.body = rejection.body;
      throw error;
    }
    const token = `session-${++this.nextSession}`;
    const claims = decodeJwtClaims(jwt) ?? {};
    const expiresAtMs = typeof claims.exp === 'number' ? claims.exp * 1000 : Infinity;
    this.sessions.set(token, { jwt: jwt as string, expiresAtMs, ended: false });
    const layer = typeof claims.layer === 'string' ? claims.layer : 'default';
    return { token, imageToken: `image-${token}`, layerHandle: `layer-${layer}` };
  }

  /**
   * GET i/d/:documentId/h/:layer/... with X-PSPDFKit-Token. Resolves with the HTTP result; rejects only when down.
   * `arrival` holds the answer back further; requests sharing one arrival answer in the same macrotask.
   */
  async documentRequest(sessionToken: string, arrival?: Promise<void>): Promise<HttpResult> {
    await this.roundTrip(arrival);
    this.requests++;
    const session = this.sessions.get(sessionToken);
    let result: HttpResult = { status: 200, body: 'OK' };
    if (!session) result = { status: 401, body: 'Invalid token' };
    else if (this.revokedJwts.has(session.jwt)) result = { status: 403, body: 'Token has been revoked' };
    else if (session.ended) result = { status: 403, body: 'Invalid token' };
    else if (session.expiresAtMs <= this.now()) result = { status: 401, body: 'Token has expired' };
    if (result.status !== 200) this.authFailures++;
    return result;
  }

  /** Why /auth would refuse this JWT right now, or null if it is accepted. */
  private judgeAuth(jwt: unknown, kind: AuthKind): HttpResult | null {
    const forced = kind === 'soft-refresh' ? this.options.softRefreshSucceeds : undefined;
    const claims = decodeJwtClaims(jwt);
    if (!claims) return { status: 401, body: 'Invalid token' };
    if (forced === true) return null;
    if (forced === false) return { status: 401, body: 'Token has been revoked' };
    if (jwtDocumentId(claims) !== this.documentId) return { status: 403, body: 'Invalid token' };
    if (this.revokedJwts.has(jwt as string)) return { status: 401, body: 'Token has been revoked' };
    if (typeof claims.exp !== 'number' || claims.exp * 1000 <= this.now()) return { status: 401, body: 'Token has expired' };
    return null;
  }

  private async roundTrip(arrival?: Promise<void>): Promise<void> {
    await Promise.all([delay(this.options.latencyMs ?? 0), arrival, this.stalled]);
    // fetch rejects with a TypeError when nothing answers; the SDK does not treat that as auth.
    if (this.down) throw new TypeError(MESSAGES.networkDown);
  }
}
