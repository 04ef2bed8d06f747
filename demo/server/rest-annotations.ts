// The REST annotation routes a viewer uses without Instant when it picks the REST provider
// (pspdfkit 2024.8.2 with `instant: false`; docs/sdk-behaviour.md): annotations per page, one
// write per change, bookmarks and form field values. Annotations go into the same layer store as
// Instant sync, so `instant.json` (and the tests that count what the engine holds) sees them all.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BadRequestError } from './http-errors';
import { readJson, sendJson } from './http-io';
import type { InstantStore } from './instant-store';

const PAGE_ANNOTATIONS = /^page-(\d+)-annotations$/;
/** The layer's bookmarks and form field values: in memory, per store (they are not what a session keeps). */
const extras = new WeakMap<InstantStore, { bookmarks: Map<string, unknown>; formFieldValues: Map<string, unknown> }>();

type RestServe = (req: IncomingMessage, res: ServerResponse, store: InstantStore) => Promise<void>;
export interface RestRoute { methods: string[]; serve: RestServe }

/** The route for `name` (and `id`, the path segment after it), or undefined when it is no REST route. */
export function restRoute(name: string, id: string | undefined): RestRoute | undefined {
  const page = PAGE_ANNOTATIONS.exec(name);
  if (page && id === undefined) {
    const pageIndex = Number(page[1]);
    return { methods: ['GET'], serve: async (_req, res, store) => sendJson(res, 200, { annotations: onPage(store, pageIndex) }) };
  }
  if (name === 'annotations') return id === undefined ? { methods: ['POST'], serve: create } : { methods: ['PUT', 'DELETE'], serve: change(id) };
  if (name === 'bookmarks') return bookmarks(id);
  if (name === 'form-field-values' && id === undefined) return formFieldValues();
  return undefined;
}

function onPage(store: InstantStore, pageIndex: number): { id: string; content: unknown }[] {
  return store
    .instantJson()
    .annotations.filter((annotation) => (annotation as { pageIndex?: unknown }).pageIndex === pageIndex)
    .map(({ id, ...content }) => ({ id, content }));
}

/** `{ id, content }`, as the REST provider sends it. */
async function readRecord(req: IncomingMessage): Promise<{ id: string; content: unknown }> {
  const body = (await readJson(req)) as { id?: unknown; content?: unknown } | null;
  if (typeof body?.id !== 'string' || body.id === '' || typeof body.content !== 'object' || body.content === null) {
    throw new BadRequestError('Expected { "id": string, "content": object }');
  }
  return { id: body.id, content: body.content };
}

const create: RestServe = async (req, res, store) => {
  const record = await readRecord(req);
  store.apply({ created: [record], updated: [], deleted: [] });
  sendJson(res, 200, { data: { id: record.id } });
};

function change(id: string): RestServe {
  return async (req, res, store) => {
    if (req.method === 'DELETE') {
      store.apply({ created: [], updated: [], deleted: [id] });
      return sendJson(res, 200, { data: { id } });
    }
    const record = await readRecord(req);
    if (record.id !== id) throw new BadRequestError('The id in the body differs from the one in the path');
    // A PUT of an annotation the store lacks (deleted elsewhere) puts it back: the user's last word wins.
    const exists = store.changesSince(0).created.some((stored) => stored.id === id);
    store.apply(exists ? { created: [], updated: [record], deleted: [] } : { created: [record], updated: [], deleted: [] });
    sendJson(res, 200, { data: { id } });
  };
}

function extrasOf(store: InstantStore) {
  let found = extras.get(store);
  if (!found) extras.set(store, (found = { bookmarks: new Map(), formFieldValues: new Map() }));
  return found;
}

function bookmarks(id: string | undefined): RestRoute {
  if (id === undefined) {
    return {
      methods: ['GET', 'POST'],
      serve: async (req, res, store) => {
        const { bookmarks: stored } = extrasOf(store);
        if (req.method === 'POST') {
          const record = await readRecord(req);
          stored.set(record.id, record.content);
        }
        sendJson(res, 200, { data: { bookmarks: [...stored].map(([key, content]) => ({ id: key, content })) } });
      },
    };
  }
  return {
    methods: ['PUT', 'DELETE'],
    serve: async (req, res, store) => {
      const { bookmarks: stored } = extrasOf(store);
      if (req.method === 'DELETE') stored.delete(id);
      else stored.set(id, (await readRecord(req)).content);
      sendJson(res, 200, { data: { id } });
    },
  };
}

function formFieldValues(): RestRoute {
  return {
    methods: ['GET', 'POST'],
    serve: async (req, res, store) => {
      const { formFieldValues: stored } = extrasOf(store);
      if (req.method === 'POST') {
        const body = (await readJson(req)) as { formFieldValues?: unknown } | null;
        if (!Array.isArray(body?.formFieldValues)) throw new BadRequestError('Expected { "formFieldValues": [...] }');
        for (const value of body.formFieldValues as { id?: unknown; content?: unknown }[]) {
          if (typeof value?.id === 'string') stored.set(value.id, value.content);
        }
      }
      sendJson(res, 200, { formFieldValues: [...stored].map(([key, content]) => ({ id: key, content })) });
    },
  };
}
