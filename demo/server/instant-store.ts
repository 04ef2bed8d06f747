// One Instant layer's records with record revisions, persisted as JSON (survives restarts).
// Each accepted sync batch bumps `rev`; a client at revision N is sent what changed after N.
import { EventEmitter } from 'node:events';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';

export interface RecordChange { id: string; content: unknown; group?: string | null }
export interface SyncChanges { created: RecordChange[]; updated: RecordChange[]; deleted: string[] }
export interface SyncOutcome {
  accepted: { created: { id: string }[]; updated: { id: string }[]; deleted: string[] };
  rejected: { created: Record<string, string>; updated: Record<string, string>; deleted: Record<string, string> };
}

interface StoredRecord extends RecordChange { createdRev: number; rev: number }
interface Tombstone { createdRev: number; rev: number }
interface StoreFile { rev: number; records: Record<string, StoredRecord>; deleted: Record<string, Tombstone> }

export class InstantStore {
  private readonly events = new EventEmitter();
  private data: StoreFile;

  constructor(private readonly file: string) {
    this.events.setMaxListeners(0);
    const stored = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as StoreFile) : undefined;
    // Records are keyed by client-chosen ids: prototype-less maps make "__proto__" an ordinary id.
    this.data = {
      rev: stored?.rev ?? 0,
      records: Object.assign(Object.create(null), stored?.records) as StoreFile['records'],
      deleted: Object.assign(Object.create(null), stored?.deleted) as StoreFile['deleted'],
    };
  }

  get rev(): number { return this.data.rev; }
  get size(): number { return Object.keys(this.data.records).length; }
  /** Long polls currently waiting on this layer. */
  get waiting(): number { return this.events.listenerCount('change'); }

  /** What a client that has seen revision `since` lacks. `since` 0 means everything. */
  changesSince(since: number): SyncChanges {
    const records = Object.values(this.data.records);
    const strip = ({ id, content, group }: StoredRecord): RecordChange => ({ id, content, ...(group != null && { group }) });
    return {
      created: records.filter((r) => r.createdRev > since).map(strip),
      updated: records.filter((r) => r.createdRev <= since && r.rev > since).map(strip),
      deleted: Object.entries(this.data.deleted).filter(([, t]) => t.rev > since && t.createdRev <= since).map(([id]) => id),
    };
  }

  /** Applies one batch under a single new revision. Re-sent creates and deletes are idempotent. */
  apply(changes: SyncChanges): SyncOutcome {
    const outcome: SyncOutcome = {
      accepted: { created: [], updated: [], deleted: [] },
      rejected: { created: {}, updated: {}, deleted: {} },
    };
    const rev = this.data.rev + 1;
    const { records, deleted } = this.data;
    for (const { id, content, group } of changes.created) {
      records[id] = { id, content, group: group ?? null, createdRev: records[id]?.createdRev ?? rev, rev };
      delete deleted[id];
      outcome.accepted.created.push({ id });
    }
    for (const { id, content, group } of changes.updated) {
      const existing = records[id];
      if (!existing) { outcome.rejected.updated[id] = 'conflict'; continue; }
      records[id] = { ...existing, content, group: group ?? existing.group ?? null, rev };
      outcome.accepted.updated.push({ id });
    }
    for (const id of changes.deleted) {
      const existing = records[id];
      if (existing) deleted[id] = { createdRev: existing.createdRev, rev };
      delete records[id];
      outcome.accepted.deleted.push(id);
    }
    const acceptedAny = Object.values(outcome.accepted).some((list) => list.length > 0);
    if (acceptedAny) {
      this.data.rev = rev;
      this.persist();
      this.events.emit('change', rev);
    }
    return outcome;
  }

  /** The layer as Instant JSON (GET H/instant.json, GET /admin/annotations). */
  instantJson() {
    const annotations = Object.values(this.data.records).map(({ id, content }) => ({ ...(content as object), id }));
    return { format: 'https://pspdfkit.com/instant-json/v1', annotations };
  }

  /** Resolves once rev moves past `since`, after `timeoutMs`, or when `signal` aborts. */
  waitForChange(since: number, timeoutMs: number, signal: AbortSignal): Promise<void> {
    if (this.data.rev > since || signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.events.off('change', done);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      this.events.on('change', done);
      signal.addEventListener('abort', done, { once: true });
    });
  }

  private persist(): void {
    // Write-then-rename so a crash never leaves half a file behind.
    const temp = `${this.file}.tmp`;
    writeFileSync(temp, JSON.stringify(this.data));
    renameSync(temp, this.file);
  }
}
