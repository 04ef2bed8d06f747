// The REST annotation routes of a viewer without Instant (pspdfkit 2024.8.2 with instant: false):
// the shapes its REST provider sends and expects (docs/sdk-behaviour.md), stored in the same layer
// store as Instant sync, behind the same session token.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type StandIn, startStandIn } from '../../demo/server/stand-in';
import { openSession, rectangle, sync } from './engine-client';

const json = (method: string, body?: unknown): RequestInit => ({
  method,
  headers: { 'content-type': 'application/json' },
  ...(body !== undefined && { body: JSON.stringify(body) }),
});

describe('REST annotation routes (no Instant)', () => {
  let dataDir: string;
  let standIn: StandIn;
  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'standin-rest-'));
    standIn = await startStandIn({ dataDir });
  });
  afterEach(async () => {
    await standIn.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('creates, updates and deletes annotations; page-N-annotations lists a page’s, without a data wrapper', async () => {
    const viewer = await openSession(standIn);
    expect((await viewer.request('annotations', json('POST', rectangle('a')))).status).toBe(200);
    expect((await viewer.request('annotations', json('POST', { id: 'b', content: { ...rectangle('b').content, pageIndex: 1 } }))).status).toBe(200);
    const page0 = await (await viewer.request('page-0-annotations')).json();
    expect(page0).toEqual({ annotations: [{ id: 'a', content: rectangle('a').content }] });

    expect((await viewer.request('annotations/a', json('PUT', rectangle('a', 99)))).status).toBe(200);
    expect((await (await viewer.request('page-0-annotations')).json()).annotations[0].content.bbox[0]).toBe(99);
    expect((await viewer.request('annotations/b', json('DELETE'))).status).toBe(200);
    expect((await (await viewer.request('page-1-annotations')).json()).annotations).toEqual([]);
  });

  it('keeps them where Instant viewers and instant.json see them', async () => {
    const rest = await openSession(standIn);
    await rest.request('annotations', json('POST', rectangle('from-rest')));
    const instant = await openSession(standIn);
    const first = await sync(instant, { record_rev: 0 });
    expect(first.body.changes.created.map((record: { id: string }) => record.id)).toEqual(['from-rest']);
    const stored = await (await rest.request('instant.json')).json();
    expect(stored.annotations.map((annotation: { id: string }) => annotation.id)).toEqual(['from-rest']);
  });

  it('refuses a write without a valid session token, like every layer route', async () => {
    const viewer = await openSession(standIn);
    const response = await fetch(viewer.url('annotations'), json('POST', rectangle('x')));
    expect(response.status).toBe(401);
    expect((await (await viewer.request('page-0-annotations')).json()).annotations).toEqual([]);
  });

  it('answers a malformed body with 400, and unknown routes under annotations with 404', async () => {
    const viewer = await openSession(standIn);
    expect((await viewer.request('annotations', json('POST', { content: {} }))).status).toBe(400);
    expect((await viewer.request('annotations/a', json('PUT', rectangle('b')))).status).toBe(400);
    expect((await viewer.request('document.json/extra')).status).toBe(404);
    expect((await viewer.request('annotations', json('GET'))).status).toBe(405);
  });

  it('serves bookmarks and form field values in the shapes the REST provider checks', async () => {
    const viewer = await openSession(standIn);
    expect(await (await viewer.request('bookmarks')).json()).toEqual({ data: { bookmarks: [] } });
    expect(await (await viewer.request('form-field-values')).json()).toEqual({ formFieldValues: [] });
    await viewer.request('form-field-values', json('POST', { formFieldValues: [{ id: 'f', content: { name: 'f', value: 'x' } }] }));
    expect((await (await viewer.request('form-field-values')).json()).formFieldValues).toHaveLength(1);
  });
});
