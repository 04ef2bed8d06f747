// The engine's side of a viewer's session, read from the request log: every POST .../auth opens
// an engine session (s1, s2, ...; one per token the viewer handed over), then tiles and syncs run
// on it. The QA page shows this next to the library's view, because only the engine can tell that
// a token the library handed over was refused (the SDK's setSession returns nothing).
// Ids, statuses, fixed error texts and times only: never token text.
import type { LogEntry, RequestKind } from './request-log';

export interface EngineAnswer {
  at: number;
  status: number;
  kind: RequestKind;
  session?: string;
  /** The engine's fixed error text, e.g. "Token has expired" (never a token). */
  detail?: string;
}

export interface EngineSessionReport {
  id: string;
  /** When its /auth answered 200. Undefined when the session was opened before `since`. */
  openedAt?: number;
  lastSeenAt: number;
  /** Requests answered on this session (auth excluded). */
  requests: number;
  /** 401/403 answers to requests that carried this session's token. */
  refused: number;
  lastRefusal?: EngineAnswer;
  sync: { ok: number; failed: number; last?: EngineAnswer };
}

export interface SessionReport {
  /** The last request-log entry read; pass it back as `since` to read on from there. */
  lastSeq: number;
  lastAuth?: EngineAnswer;
  auth: { ok: number; refused: number };
  /** Every engine 401/403 (auth, tiles, sync, documents): the viewer was refused. */
  authFailures: { total: number; last?: EngineAnswer };
  /** Newest first, at most MAX_SESSIONS. */
  sessions: EngineSessionReport[];
}

const MAX_SESSIONS = 20;

export const isAuthFailure = (status: number) => status === 401 || status === 403;

function answerOf(entry: LogEntry): EngineAnswer {
  const { time: at, status, kind, session, detail } = entry;
  return { at, status, kind, ...(session && { session }), ...(detail && { detail }) };
}

function sessionFor(byId: Map<string, EngineSessionReport>, id: string, at: number): EngineSessionReport {
  let report = byId.get(id);
  if (!report) {
    report = { id, lastSeenAt: at, requests: 0, refused: 0, sync: { ok: 0, failed: 0 } };
    byId.set(id, report);
  }
  report.lastSeenAt = at;
  return report;
}

/** The report over the engine's entries in `entries` (usually the log since a QA run's start). */
export function buildSessionReport(entries: readonly LogEntry[]): SessionReport {
  const report: SessionReport = { lastSeq: entries.at(-1)?.seq ?? 0, auth: { ok: 0, refused: 0 }, authFailures: { total: 0 }, sessions: [] };
  const byId = new Map<string, EngineSessionReport>();
  for (const entry of entries) {
    if (entry.server !== 'engine' || entry.method === 'OPTIONS') continue; // CORS preflights carry no token
    const answer = answerOf(entry);
    if (isAuthFailure(entry.status)) {
      report.authFailures.total += 1;
      report.authFailures.last = answer;
    }
    if (entry.kind === 'auth') {
      report.lastAuth = answer;
      if (entry.status === 200) report.auth.ok += 1;
      else if (isAuthFailure(entry.status)) report.auth.refused += 1;
      if (entry.status === 200 && entry.session) sessionFor(byId, entry.session, entry.time).openedAt = entry.time;
      continue;
    }
    if (!entry.session) continue;
    const session = sessionFor(byId, entry.session, entry.time);
    session.requests += 1;
    if (isAuthFailure(entry.status)) {
      session.refused += 1;
      session.lastRefusal = answer;
    }
    if (entry.kind === 'sync' && entry.status !== 0) {
      if (entry.status === 200) session.sync.ok += 1;
      else session.sync.failed += 1;
      session.sync.last = answer;
    }
  }
  report.sessions = [...byId.values()].sort((a, b) => b.lastSeenAt - a.lastSeenAt).slice(0, MAX_SESSIONS);
  return report;
}
