// The stand-in's request log and session report for the current QA run, polled every second.
// Admin calls (this page's own polling among them) are left out: they are not the viewer's traffic.
import { adminApi, type RequestEntry, type SessionReport } from './admin-api';
import type { QaRun } from './qa-run';
import { realNow } from './page-clock';

const POLL_MS = 1000;
const MAX_ENTRIES = 20_000;

export type FeedListener = (added: RequestEntry[]) => void;

export class RequestFeed {
  /** The run's requests, oldest first, admin calls left out. */
  entries: RequestEntry[] = [];
  report: SessionReport | undefined;
  /** When the last successful read started: every request answered before it is in `entries`. */
  readAt = 0;
  #since = 0;
  #listeners: FeedListener[] = [];
  #polling: Promise<void> | undefined;

  constructor(private readonly run: QaRun) {}

  listen(listener: FeedListener): void {
    this.#listeners.push(listener);
  }

  start(): void {
    void this.poll();
    setInterval(() => void this.poll(), POLL_MS);
  }

  /** Reads what is new (one poll at a time; a caller joins the one in flight). */
  poll(): Promise<void> {
    this.#polling ??= this.#read().finally(() => (this.#polling = undefined));
    return this.#polling;
  }

  /**
   * Reads until a read that started after this call has finished: joining a poll already in
   * flight could miss a request logged just before the call. Gives up after three failed reads.
   */
  async pollFresh(): Promise<void> {
    const asked = realNow();
    for (let tries = 0; this.readAt < asked && tries < 3; tries++) await this.poll();
  }

  /** A new run starts after the last entry read. */
  async reset(): Promise<number> {
    await this.poll();
    this.entries = [];
    this.report = undefined;
    return this.#since;
  }

  get lastSeq(): number {
    return this.#since;
  }

  async #read(): Promise<void> {
    let fresh: RequestEntry[];
    const startedAt = realNow();
    try {
      fresh = (await adminApi.log(this.#since)).entries;
    } catch {
      return; // shown by StandInStatus as "unreachable"
    }
    if (this.#since === 0) {
      // First read: this page's run starts when the page did, not when the stand-in did.
      this.run.startSeq = fresh.findLast((entry) => entry.time < this.run.startedAt)?.seq ?? 0;
    }
    this.#since = fresh.at(-1)?.seq ?? this.#since;
    this.readAt = startedAt;
    const added = fresh.filter((entry) => entry.kind !== 'admin' && entry.seq > this.run.startSeq);
    this.entries.push(...added);
    if (this.entries.length > MAX_ENTRIES) this.entries.splice(0, this.entries.length - MAX_ENTRIES);
    try {
      this.report = await adminApi.sessionReport(this.run.startSeq);
    } catch {
      // keep the last report
    }
    for (const listener of this.#listeners) listener(added);
  }
}
