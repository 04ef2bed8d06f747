// Wraps a route handler: logs every request once it is answered (or abandoned), turns HttpErrors
// into short text answers and anything else into a 500, so no request can crash the process.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpError } from './http-errors';
import { sendText } from './http-io';
import type { RequestKind, RequestLog, ServerName } from './request-log';

export interface RequestContext {
  /** Path without the query string (which may carry a token); never logged with it. */
  path: string;
  query: URLSearchParams;
  kind: RequestKind;
  session?: string;
  /** The fixed text of an HttpError answer ("Token has expired"), for the session report. */
  detail?: string;
}

export type RouteHandler = (req: IncomingMessage, res: ServerResponse, ctx: RequestContext) => Promise<void>;

export function contextOf(req: IncomingMessage): RequestContext {
  const url = req.url ?? '/';
  const mark = url.indexOf('?');
  const path = mark < 0 ? url : url.slice(0, mark);
  return { path, query: new URLSearchParams(mark < 0 ? '' : url.slice(mark + 1)), kind: 'other' };
}

/** `classify` names the kind from the path alone, so preflights and 404s are logged by kind too. */
export function wrapHandler(server: ServerName, log: RequestLog, classify: (path: string) => RequestKind, handler: RouteHandler) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const started = Date.now();
    const ctx = contextOf(req);
    ctx.kind = classify(ctx.path);
    res.on('close', () => {
      const { path, kind, session, detail } = ctx;
      const status = res.headersSent ? res.statusCode : 0;
      log.append({ server, method: req.method ?? '?', path, status, kind, ...(session && { session }), ...(detail && { detail }), ms: Date.now() - started });
    });
    handler(req, res, ctx).catch((error: unknown) => {
      if (error instanceof HttpError) {
        ctx.detail = error.message; // HttpError messages are fixed texts, never request data
        return sendText(res, error.status, error.message, error.headers);
      }
      // Name and message only: stacks and request data stay out of the console.
      const { name, message } = error instanceof Error ? error : { name: 'Error', message: String(error) };
      console.error(`[stand-in] ${server} ${req.method} ${ctx.path} failed: ${name}: ${message}`);
      sendText(res, 500, 'Internal server error');
    });
  };
}
