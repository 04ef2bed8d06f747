// The stand-in's admin API (demo/server/admin-routes.ts), reached through the dev server's /admin
// proxy. Only fault switches and counts go over it, never tokens.

import type { SessionReport } from '../server/session-report';

export type TokenFaultMode = '500' | '503' | '429' | '401' | 'html' | 'malformed' | 'hang';

export interface StandInState {
  tokenLifetimeSec: number;
  tokenFaults: { mode: string; remaining: number; retryAfterSec?: number }[];
  latency: { engineMs: number; tokenMs: number };
  engineUp: boolean;
  sessions: { total: number; active: number };
  websockets: number;
}

/** One request-log entry of the stand-in (demo/server/request-log.ts): no token text. */
export interface RequestEntry {
  seq: number;
  time: number;
  server: 'engine' | 'control';
  method: string;
  path: string;
  status: number;
  kind: 'auth' | 'document' | 'tile' | 'sync' | 'websocket' | 'token' | 'admin' | 'other';
  session?: string;
  detail?: string;
  ms: number;
}

export type { SessionReport, EngineAnswer, EngineSessionReport } from '../server/session-report';

export class AdminRequestError extends Error {
  constructor(path: string, detail: string) {
    super(`${path}: ${detail}`);
    this.name = 'AdminRequestError';
  }
}

const CALL_TIMEOUT_MS = 8_000;

async function call<T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
  const response = await fetch(`/admin/${path}`, {
    method,
    signal: AbortSignal.timeout(CALL_TIMEOUT_MS), // a stuck call must not stall the polling behind it
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? null : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new AdminRequestError(path, `HTTP ${response.status} ${text.slice(0, 120)}`);
  return JSON.parse(text) as T;
}

export const adminApi = {
  state: () => call<StandInState>('GET', 'state'),
  expireSessions: () => call<StandInState>('POST', 'sessions/expire'),
  revokeSessions: () => call<StandInState>('POST', 'sessions/revoke'),
  queueTokenFault: (mode: TokenFaultMode, count: number, retryAfterSec?: number) =>
    call<StandInState>('POST', 'token-faults', { mode, count, ...(retryAfterSec !== undefined && { retryAfterSec }) }),
  clearTokenFaults: () => call<StandInState>('DELETE', 'token-faults'),
  setLatency: (latency: Partial<StandInState['latency']>) => call<StandInState['latency']>('POST', 'latency', latency),
  dropWebsockets: () => call<{ dropped: number }>('POST', 'websockets/drop'),
  engineDown: () => call<StandInState>('POST', 'engine/down'),
  engineUp: () => call<StandInState>('POST', 'engine/up'),
  configure: (config: { tokenLifetimeSec: number }) => call<StandInState>('POST', 'config', config),
  log: (since: number) => call<{ entries: RequestEntry[] }>('GET', `log?since=${since}`),
  sessionReport: (since: number) => call<SessionReport>('GET', `session-report?since=${since}`),
};
