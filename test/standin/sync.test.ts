import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type StandIn, startStandIn } from '../../demo/server/stand-in';
import { openSession, rectangle, sync } from './engine-client';

describe('Instant HTTP sync', () => {
  let dataDir: string;
  let standIn: StandIn;
  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'standin-sync-'));
    standIn = await startStandIn({ dataDir });
  });
  afterEach(async () => {
    await standIn.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('accepts changes under a new revision and sends a first sync everything stored', async () => {
    const alice = await openSession(standIn);
    const first = await sync(alice, { record_rev: 0, changes: { created: [rectangle('a'), rectangle('b')] } });
    expect(first.body).toMatchObject({ record_rev: 1, accepted: { created: [{ id: 'a' }, { id: 'b' }] }, changes: { created: [] } });

    const bob = await openSession(standIn);
    const initial = await sync(bob, { record_rev: 0 });
    expect(initial.body.record_rev).toBe(1);
    expect(initial.body.changes.created.map((r: { id: string }) => r.id)).toEqual(['a', 'b']);
    expect(initial.body.changes.created[0].content).toEqual(rectangle('a').content);
  });

  it('stores a record whose id is "__proto__" like any other, across a restart', async () => {
    const alice = await openSession(standIn);
    await sync(alice, { record_rev: 0, changes: { created: [rectangle('__proto__')] } });
    await standIn.close();
    standIn = await startStandIn({ dataDir });
    const bob = await openSession(standIn);
    const initial = await sync(bob, { record_rev: 0 });
    expect(initial.body.changes.created.map((r: { id: string }) => r.id)).toEqual(['__proto__']);
  });

  it('sends a client only what changed after its revision', async () => {
    const alice = await openSession(standIn);
    await sync(alice, { record_rev: 0, changes: { created: [rectangle('a'), rectangle('b')] } });
    await sync(alice, { record_rev: 1, changes: { updated: [rectangle('a', 99)], deleted: ['b'] } });
    await sync(alice, { record_rev: 2, changes: { created: [rectangle('c')] } });

    const bob = await openSession(standIn);
    const since1 = await sync(bob, { record_rev: 1 });
    expect(since1.body.record_rev).toBe(3);
    expect(since1.body.changes).toEqual({ created: [rectangle('c')], updated: [rectangle('a', 99)], deleted: ['b'] });
    expect((await sync(bob, { record_rev: 3 })).body.changes).toEqual({ created: [], updated: [], deleted: [] });
  });

  it('rejects updates of unknown records as conflicts and does not bump the revision', async () => {
    const alice = await openSession(standIn);
    const answer = await sync(alice, { record_rev: 0, changes: { updated: [rectangle('ghost')] } });
    expect(answer.body).toMatchObject({ record_rev: 0, rejected: { updated: { ghost: 'conflict' } } });
  });

  it('persists records across a restart with the same dataDir', async () => {
    await sync(await openSession(standIn), { record_rev: 0, changes: { created: [rectangle('kept')] } });
    await standIn.close();
    standIn = await startStandIn({ dataDir });
    const answer = await sync(await openSession(standIn), { record_rev: 0 });
    expect(answer.body).toMatchObject({ record_rev: 1, changes: { created: [rectangle('kept')] } });
  });

  it('reads the sync part of a multipart body', async () => {
    const alice = await openSession(standIn);
    const form = new FormData();
    form.append('sync', JSON.stringify({ request_id: 'm', record_rev: 0, changes: { created: [rectangle('m')] } }));
    form.append('attachment-1', new Blob([new Uint8Array([1, 2, 3])]), 'image.png');
    const response = await alice.request('sync', { method: 'POST', body: form });
    expect(await response.json()).toMatchObject({ request_id: 'm', record_rev: 1, accepted: { created: [{ id: 'm' }] } });
  });

  it('serves the layer as Instant JSON (instant.json and /admin/annotations)', async () => {
    const alice = await openSession(standIn);
    await sync(alice, { record_rev: 0, changes: { created: [rectangle('x')] } });
    const expected = { format: 'https://pspdfkit.com/instant-json/v1', annotations: [{ ...rectangle('x').content, id: 'x' }] };
    expect(await (await alice.request('instant.json')).json()).toEqual(expected);
    expect(await (await fetch(`${standIn.controlUrl}/admin/annotations`)).json()).toEqual(expected);
  });

  it('holds a long poll until another client changes something', async () => {
    const [alice, bob] = await Promise.all([openSession(standIn), openSession(standIn)]);
    const poll = sync(bob, { record_rev: 0, timeout: 30_000 });
    await vi.waitFor(() => expect(standIn.faults.state().longPolls).toBe(1));
    await sync(alice, { record_rev: 0, changes: { created: [rectangle('live')] } });
    const answer = await poll;
    expect(answer.body).toMatchObject({ record_rev: 1, changes: { created: [rectangle('live')] } });
  });

  it('ends a pending long poll on close()', async () => {
    const bob = await openSession(standIn);
    const poll = sync(bob, { record_rev: 0, timeout: 30_000 }).then(() => 'answered', () => 'connection closed');
    await vi.waitFor(() => expect(standIn.faults.state().longPolls).toBe(1));
    const started = Date.now();
    await standIn.close();
    expect(await poll).toMatch(/answered|connection closed/);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it.each([
    ['record_rev is not a number', { record_rev: 'x' }],
    ['created is not an array', { record_rev: 0, changes: { created: {} } }],
    ['a record has no id', { record_rev: 0, changes: { created: [{ content: {} }] } }],
    ['record_rev is from the future', { record_rev: 5 }],
  ])('answers 400 when %s', async (_name, body) => {
    const response = await (await openSession(standIn)).request('sync', { method: 'POST', body: JSON.stringify(body) });
    expect(response.status).toBe(400);
  });
});
