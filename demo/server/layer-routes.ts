// Requests under H = DOC/h/{layerHandle}/: document.json, tiles, the small endpoints, sync.
// The route is resolved before authentication so unknown names answer 404 whatever the token.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { documentJson, EMPTY_ANSWERS, pageTextAnswer } from './document-json';
import { MethodNotAllowedError, NotFoundError, OutdatedLayerHandleError } from './http-errors';
import { readBody, sendBytes, sendJson } from './http-io';
import type { InstantLayers } from './instant-layers';
import type { PdfDocument } from './pdf-document';
import type { RequestContext } from './request-wrapper';
import type { Session, SessionStore } from './sessions';
import { handleSync } from './sync-endpoint';
import { restRoute } from './rest-annotations';
import { isTileName, parseTileName } from './tile-request';

export interface LayerDeps {
  pdf: PdfDocument;
  sessions: SessionStore;
  layers: InstantLayers;
  shutdown: () => AbortSignal;
}

type Serve = (req: IncomingMessage, res: ServerResponse, session: Session) => Promise<void>;
interface LayerRoute { methods: string[]; imageToken?: boolean; serve: Serve }

function json(body: unknown): Serve {
  return async (_req, res) => sendJson(res, 200, body);
}

function resolveRoute(name: string, deps: LayerDeps, id?: string): LayerRoute {
  const { pdf, layers } = deps;
  const rest = restRoute(name, id);
  if (rest) return { methods: rest.methods, serve: (req, res, session) => rest.serve(req, res, layers.forLayer(session.layer)) };
  if (id !== undefined) throw new NotFoundError();
  if (isTileName(name)) {
    const tile = parseTileName(name);
    if (tile.pageIndex >= pdf.pages.length) throw new NotFoundError('No such page');
    // POST carries annotations to draw into the tile: drained and ignored, the page is drawn alone.
    const serve: Serve = async (req, res) => {
      if (req.method === 'POST') await readBody(req);
      sendBytes(res, 'image/png', await pdf.renderTile(tile));
    };
    return { methods: ['GET', 'POST'], imageToken: true, serve };
  }
  if (name === 'document.json') return { methods: ['GET'], serve: json(documentJson(pdf.title, pdf.pages)) };
  const text = pageTextAnswer(name);
  if (text) {
    if (text.pageIndex >= pdf.pages.length) throw new NotFoundError('No such page');
    return { methods: ['GET'], serve: json(text.body) };
  }
  if (name in EMPTY_ANSWERS) return { methods: ['GET'], serve: json(EMPTY_ANSWERS[name]) };
  if (name === 'sync') {
    const serve: Serve = (req, res, session) => handleSync(req, res, layers.forLayer(session.layer), deps.shutdown());
    return { methods: ['POST'], serve };
  }
  if (name === 'instant.json') {
    return { methods: ['GET'], serve: async (_req, res, session) => sendJson(res, 200, layers.forLayer(session.layer).instantJson()) };
  }
  throw new NotFoundError(); // includes annotations-tab-order, for which 404 is the expected answer
}

function tokenOf(req: IncomingMessage, ctx: RequestContext, imageToken: boolean): string | undefined {
  const header = req.headers[imageToken ? 'x-pspdfkit-image-token' : 'x-pspdfkit-token'];
  return (typeof header === 'string' ? header : undefined) ?? ctx.query.get('token') ?? undefined;
}

export async function handleLayerRequest(
  req: IncomingMessage, res: ServerResponse, ctx: RequestContext, handle: string, name: string, deps: LayerDeps, id?: string,
): Promise<void> {
  const route = resolveRoute(name, deps, id);
  if (!route.methods.includes(req.method ?? '')) throw new MethodNotAllowedError(route.methods);
  const token = tokenOf(req, ctx, route.imageToken ?? false);
  ctx.session = deps.sessions.find(token)?.id; // logged even when the session is no longer valid
  const session = deps.sessions.require(token);
  if (handle !== session.layerHandle) throw new OutdatedLayerHandleError();
  await route.serve(req, res, session);
}
