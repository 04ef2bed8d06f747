// Everything a test or the admin API can do to the running stand-in, in one place.
import { type AuthFailureForm, validateAuthFailureForm } from './auth-failure-forms';
import type { CredentialCutoffs } from './credential-cutoffs';
import type { EngineServer } from './engine-server';
import { BadRequestError } from './http-errors';
import type { InstantLayers } from './instant-layers';
import type { SessionStore } from './sessions';
import { type QueuedTokenFault, type TokenFault, TokenFaultQueue } from './token-faults';

export interface Latency { engineMs: number; tokenMs: number }

export interface StandInState {
  documentId: string;
  tokenLifetimeSec: number;
  tokenFaults: QueuedTokenFault[];
  latency: Latency;
  authFailureForm: AuthFailureForm;
  engineUp: boolean;
  sessions: { total: number; active: number };
  websockets: number;
  annotations: number; // records in the default layer
  recordRev: number; // revision of the default layer
  longPolls: number; // sync requests waiting on the default layer
}

export interface FaultControls {
  /** Every current session token and every JWT issued so far count as expired from now on. */
  expireSessions(): void;
  /** Same, but answered with 403 'Token has been revoked'. */
  revokeSessions(): void;
  /** The next `count` (default 1) token requests answer with `mode`. Faults queue up in order. */
  queueTokenFault(fault: TokenFault): void;
  clearTokenFaults(): void;
  setLatency(latency: Partial<Latency>): Latency;
  /** Terminates every engine websocket; returns how many there were. */
  dropWebsockets(): number;
  /** Closes the engine listener and destroys its connections: clients get "connection refused". */
  engineDown(): Promise<void>;
  /** Listens again on the same port. */
  engineUp(): Promise<void>;
  configure(config: { tokenLifetimeSec?: number }): void;
  /** Every auth failure the engine answers from now on takes this form ('natural': what happened). */
  setAuthFailureForm(form: AuthFailureForm): void;
  state(): StandInState;
  /** Whether the session with this logged id (s1, s2, ...) is usable now; undefined if unknown. */
  sessionStatus(id: string): 'active' | 'expired' | 'revoked' | undefined;
}

export interface StandInSettings { tokenLifetimeSec: number; latency: Latency; authFailureForm: AuthFailureForm }

interface FaultDeps {
  documentId: string;
  settings: StandInSettings;
  tokenFaults: TokenFaultQueue;
  cutoffs: CredentialCutoffs;
  sessions: SessionStore;
  layers: InstantLayers;
  engine: EngineServer;
}

function nonNegative(value: unknown, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw new BadRequestError(`${name} must be a number >= 0`);
  return value;
}

export function createFaultControls(deps: FaultDeps): FaultControls {
  const { settings, engine } = deps;
  return {
    expireSessions() { deps.cutoffs.expireAll(); deps.sessions.endAll('expired'); },
    revokeSessions() { deps.cutoffs.revokeAll(); deps.sessions.endAll('revoked'); },
    queueTokenFault: (fault) => deps.tokenFaults.add(fault),
    clearTokenFaults: () => deps.tokenFaults.clear(),
    setLatency(latency) {
      const engineMs = nonNegative(latency.engineMs, 'engineMs');
      const tokenMs = nonNegative(latency.tokenMs, 'tokenMs');
      if (engineMs !== undefined) settings.latency.engineMs = engineMs;
      if (tokenMs !== undefined) settings.latency.tokenMs = tokenMs;
      return { ...settings.latency };
    },
    dropWebsockets: () => engine.websockets.dropAll(),
    engineDown: () => engine.down(),
    engineUp: () => engine.up(),
    configure(config) {
      const lifetime = nonNegative(config.tokenLifetimeSec, 'tokenLifetimeSec');
      if (lifetime !== undefined) {
        if (lifetime < 1) throw new BadRequestError('tokenLifetimeSec must be >= 1');
        settings.tokenLifetimeSec = lifetime;
      }
    },
    setAuthFailureForm(form) { settings.authFailureForm = validateAuthFailureForm(form); },
    sessionStatus: (id) => deps.sessions.statusOf(id),
    state() {
      const layer = deps.layers.forLayer('');
      return {
        documentId: deps.documentId,
        tokenLifetimeSec: settings.tokenLifetimeSec,
        tokenFaults: deps.tokenFaults.pending(),
        latency: { ...settings.latency },
        authFailureForm: settings.authFailureForm,
        engineUp: engine.isUp,
        sessions: deps.sessions.counts(),
        websockets: engine.websockets.count,
        annotations: layer.size,
        recordRev: layer.rev,
        longPolls: layer.waiting,
      };
    },
  };
}
