// The engine's HTTP routes: DOC/auth and DOC/h/{handle}/{name}, with DOC = /i/d/{documentId}.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { handleAuth } from './auth-endpoint';
import { MethodNotAllowedError, NotFoundError } from './http-errors';
import type { JwtRules } from './jwt-check';
import { handleLayerRequest, type LayerDeps } from './layer-routes';
import type { RequestKind } from './request-log';
import type { RequestContext } from './request-wrapper';
import { isTileName } from './tile-request';

export interface EngineDeps extends LayerDeps {
  documentId: string;
  jwtRules: JwtRules;
}

export function engineKindOf(path: string): RequestKind {
  const name = path.split('/').at(-1) ?? '';
  if (name === 'auth') return 'auth';
  if (name === 'websocket') return 'websocket';
  if (isTileName(name)) return 'tile';
  if (name === 'sync' || name === 'instant.json') return 'sync';
  return path.includes('/h/') ? 'document' : 'other';
}

export function safeDecode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

export async function routeEngine(req: IncomingMessage, res: ServerResponse, ctx: RequestContext, deps: EngineDeps): Promise<void> {
  const [i, d, doc, ...rest] = ctx.path.split('/').slice(1);
  if (i !== 'i' || d !== 'd' || doc === undefined) throw new NotFoundError();
  if (safeDecode(doc) !== deps.documentId) throw new NotFoundError('Document not found');
  if (rest.length === 1 && rest[0] === 'auth') {
    if (req.method !== 'POST') throw new MethodNotAllowedError(['POST']);
    return handleAuth(req, res, ctx, deps.jwtRules, deps.sessions);
  }
  if (rest.length === 1 && rest[0] === 'websocket') {
    throw new NotFoundError('Websocket upgrade expected');
  }
  const [h, handle, name, id] = rest;
  // Four segments only for the REST provider's writes: H/annotations/{id}, H/bookmarks/{id}.
  if ((rest.length !== 3 && rest.length !== 4) || h !== 'h' || !handle || !name) throw new NotFoundError();
  const recordId = id === undefined ? undefined : safeDecode(id);
  if (rest.length === 4 && !recordId) throw new NotFoundError();
  return handleLayerRequest(req, res, ctx, handle, name, deps, recordId);
}
