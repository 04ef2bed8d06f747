import { http, HttpResponse } from 'msw';
import { jwtFor } from './jwt.js';

export const TOKEN_URL = 'http://app.test/api/viewer-token';

type Answer = () => Response | Promise<Response>;

/**
 * The app's token endpoint, for msw. Mints `lifetimeSec` tokens from a server clock that may be
 * skewed from the browser's, and answers queued faults first.
 */
export function tokenEndpoint({ documentId = 'doc-1', lifetimeSec = 300, skewMs = 0 } = {}) {
  const queue: Answer[] = [];
  const state = { requests: 0, documentId, lifetimeSec, skewMs, lastRequest: undefined as Request | undefined };
  const handler = http.all(TOKEN_URL, async ({ request }) => {
    state.requests++;
    state.lastRequest = request.clone();
    const next = queue.shift();
    if (next) return next();
    const serverNow = Date.now() + state.skewMs;
    // Real servers send Date; the session reads the server's clock from it.
    const headers = { date: new Date(serverNow).toUTCString() };
    return HttpResponse.json({ jwt: jwtFor(state.documentId, state.lifetimeSec, serverNow) }, { headers });
  });
  return {
    handler,
    state,
    /** The next requests get these answers, in order. */
    answerNext(...answers: Answer[]) {
      queue.push(...answers);
    },
    issued: () => state.requests,
    /** Drops answers still queued: the endpoint is healthy again. */
    recover() {
      queue.length = 0;
    },
  };
}

export const status = (code: number, headers?: Record<string, string>): Answer => () =>
  new HttpResponse(`status ${code}`, { status: code, headers });

/** A request that never answers until the client aborts it. */
export const hang: Answer = () => new Promise<Response>(() => {});
