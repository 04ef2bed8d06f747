// Parses and validates the body of POST H/sync: JSON, or multipart with a 'sync' part (sent when
// the changes carry attachments; attachments themselves are not stored by the stand-in).
import type { IncomingMessage } from 'node:http';
import { BadRequestError } from './http-errors';
import { parseJson, readBody } from './http-io';
import type { RecordChange, SyncChanges } from './instant-store';

export interface SyncRequest {
  requestId: unknown;
  recordRev: number;
  changes: SyncChanges;
  timeoutMs: number;
}

export const MAX_LONG_POLL_MS = 30_000;

async function bodyText(req: IncomingMessage): Promise<string> {
  const body = await readBody(req);
  const type = req.headers['content-type'] ?? '';
  if (!type.startsWith('multipart/form-data')) return body.toString('utf8');
  let form: FormData;
  try {
    form = await new Response(new Uint8Array(body), { headers: { 'content-type': type } }).formData();
  } catch {
    throw new BadRequestError('Malformed multipart body');
  }
  const part = form.get('sync');
  if (part === null) throw new BadRequestError("Multipart body without a 'sync' part");
  return typeof part === 'string' ? part : part.text();
}

function recordList(value: unknown, field: string): RecordChange[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new BadRequestError(`changes.${field} must be an array`);
  return value.map((item: unknown) => {
    const record = item as Partial<RecordChange> | null;
    if (typeof record?.id !== 'string' || record.id === '') throw new BadRequestError(`changes.${field}[].id must be a string`);
    if (typeof record.content !== 'object' || record.content === null) throw new BadRequestError(`changes.${field}[].content must be an object`);
    return { id: record.id, content: record.content, group: typeof record.group === 'string' ? record.group : null };
  });
}

function idList(value: unknown): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((id) => typeof id === 'string')) throw new BadRequestError('changes.deleted must be an array of ids');
  return value as string[];
}

export async function readSyncRequest(req: IncomingMessage): Promise<SyncRequest> {
  const raw = parseJson(await bodyText(req)) as Record<string, unknown> | null;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new BadRequestError('Sync body must be an object');
  const recordRev = raw.record_rev ?? 0;
  if (typeof recordRev !== 'number' || !Number.isInteger(recordRev) || recordRev < 0) throw new BadRequestError('record_rev must be an integer >= 0');
  const changes = (raw.changes ?? {}) as Record<string, unknown>;
  if (typeof changes !== 'object' || changes === null) throw new BadRequestError('changes must be an object');
  const timeout = typeof raw.timeout === 'number' && raw.timeout > 0 ? raw.timeout : 0;
  return {
    requestId: raw.request_id ?? null,
    recordRev,
    changes: { created: recordList(changes.created, 'created'), updated: recordList(changes.updated, 'updated'), deleted: idList(changes.deleted) },
    timeoutMs: Math.min(timeout, MAX_LONG_POLL_MS),
  };
}
