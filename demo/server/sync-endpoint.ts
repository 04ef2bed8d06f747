// POST H/sync: Instant HTTP sync with record revisions, and the long poll used by instant: true.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BadRequestError } from './http-errors';
import { sendJson } from './http-io';
import type { InstantStore } from './instant-store';
import { readSyncRequest } from './sync-request';

function hasChanges({ created, updated, deleted }: { created: unknown[]; updated: unknown[]; deleted: unknown[] }): boolean {
  return created.length + updated.length + deleted.length > 0;
}

/** `shutdown` aborts when the engine goes down or closes, so no long poll outlives it. */
export async function handleSync(req: IncomingMessage, res: ServerResponse, store: InstantStore, shutdown: AbortSignal): Promise<void> {
  const sync = await readSyncRequest(req);
  // A revision from the future means the client saw data this store no longer has.
  if (sync.recordRev > store.rev) throw new BadRequestError('Unknown record_rev');

  if (!hasChanges(sync.changes) && sync.timeoutMs > 0 && store.rev === sync.recordRev) {
    const gone = new AbortController();
    res.on('close', () => gone.abort());
    await store.waitForChange(sync.recordRev, sync.timeoutMs, AbortSignal.any([gone.signal, shutdown]));
    if (res.destroyed) return;
  }
  // Others' changes since the client's revision, computed before its own batch is applied so
  // they are not echoed back (those come back under `accepted`).
  const changes = store.changesSince(sync.recordRev);
  const outcome = hasChanges(sync.changes) ? store.apply(sync.changes) : { accepted: { created: [], updated: [], deleted: [] }, rejected: { created: {}, updated: {}, deleted: {} } };
  sendJson(res, 200, { request_id: sync.requestId, record_rev: store.rev, ...outcome, changes });
}
