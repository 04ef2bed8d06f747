// Every request on both servers, in memory (for tests) and as JSON lines in dataDir/requests.jsonl.
// Entries carry the path without its query string and a short session id (s1, s2, ...), never
// token text, so the log can be shown and attached to bug reports.
import { EventEmitter } from 'node:events';
import { appendFileSync } from 'node:fs';

export type RequestKind = 'auth' | 'document' | 'tile' | 'sync' | 'websocket' | 'token' | 'admin' | 'other';
export type ServerName = 'engine' | 'control';

export interface LogEntry {
  seq: number;
  time: number; // ms since epoch
  server: ServerName;
  method: string;
  path: string;
  status: number; // 0 when the client went away before any answer
  kind: RequestKind;
  session?: string;
  detail?: string; // an error answer's fixed text, e.g. "Token has expired"
  ms: number; // time from request start to the end of the answer
}

export interface LogFilter {
  server?: ServerName;
  kind?: RequestKind;
  method?: string;
  status?: number | ((status: number) => boolean);
  path?: string | RegExp;
  session?: string;
  since?: number; // only entries with seq > since
}

export type NewLogEntry = Omit<LogEntry, 'seq' | 'time'>;

export function matchesFilter(entry: LogEntry, filter: LogFilter = {}): boolean {
  const { status, path } = filter;
  if (filter.since !== undefined && entry.seq <= filter.since) return false;
  if (filter.server && entry.server !== filter.server) return false;
  if (filter.kind && entry.kind !== filter.kind) return false;
  if (filter.method && entry.method !== filter.method.toUpperCase()) return false;
  if (filter.session && entry.session !== filter.session) return false;
  if (typeof status === 'number' && entry.status !== status) return false;
  if (typeof status === 'function' && !status(entry.status)) return false;
  if (typeof path === 'string' && entry.path !== path) return false;
  if (path instanceof RegExp && !path.test(entry.path)) return false;
  return true;
}

export class LogWaitTimeoutError extends Error {
  constructor(timeoutMs: number) {
    super(`No matching request-log entry within ${timeoutMs} ms`);
    this.name = 'LogWaitTimeoutError';
  }
}

export class RequestLog {
  private readonly all: LogEntry[] = [];
  private readonly events = new EventEmitter();

  constructor(private file?: string) {
    this.events.setMaxListeners(0);
  }

  get lastSeq(): number {
    return this.all.at(-1)?.seq ?? 0;
  }

  append(entry: NewLogEntry): LogEntry {
    const full: LogEntry = { seq: this.lastSeq + 1, time: Date.now(), ...entry };
    this.all.push(full);
    // Synchronous append keeps the file in order and complete even if the process dies.
    if (this.file) this.writeLine(full);
    this.events.emit('entry', full);
    return full;
  }

  /** Stops writing the file (stragglers answered during shutdown stay in memory only). */
  closeFile(): void {
    this.file = undefined;
  }

  private writeLine(entry: LogEntry): void {
    try {
      appendFileSync(this.file!, `${JSON.stringify(entry)}\n`);
    } catch (error) {
      // A full disk or a removed data dir must not take the server down: keep logging in memory.
      console.warn(`[stand-in] request log file disabled: ${(error as Error).message}`);
      this.file = undefined;
    }
  }

  entries(filter?: LogFilter): LogEntry[] {
    return this.all.filter((entry) => matchesFilter(entry, filter));
  }

  count(filter?: LogFilter): number {
    return this.entries(filter).length;
  }

  /** Resolves with the first entry matching `filter` (already logged or future). */
  waitFor(filter: LogFilter, timeoutMs = 10_000): Promise<LogEntry> {
    const existing = this.entries(filter)[0];
    if (existing) return Promise.resolve(existing);
    return new Promise((resolve, reject) => {
      const onEntry = (entry: LogEntry) => {
        if (!matchesFilter(entry, filter)) return;
        cleanup();
        resolve(entry);
      };
      const timer = setTimeout(() => { cleanup(); reject(new LogWaitTimeoutError(timeoutMs)); }, timeoutMs);
      const cleanup = () => { clearTimeout(timer); this.events.off('entry', onEntry); };
      this.events.on('entry', onEntry);
    });
  }
}
