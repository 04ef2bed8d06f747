import { http, HttpResponse } from 'msw';
import { jwtFor } from './jwt.js';

export const TOKEN_URL = 'http://app.test/api/viewer-token';

type Answer = () => Response | Promise<Response>;

/** Whether answers carry a Date header / tokens an `iat`: real backends differ, so by default they vary. */
export type Presence = 'always' | 'never' | 'varied';

const present = (presence: Presence, request: number, every: number) =>
  presence === 'always' || (presence === 'varied' && request % every !== 0);

/**
 * The app's token endpoint, for msw. Mints `lifetimeSec` tokens from a server clock that may be
 * skewed from the browser's, and answers queued faults first. It does not help: by default the
 * Date header is missing from every other answer (a cross-origin endpoint without
 * Access-Control-Expose-Headers) and every third token has no `iat`; tests that need them ask.
 */
export function tokenEndpoint({
  documentId = 'doc-1',
  lifetimeSec = 300,
  skewMs = 0,
  date = 'varied' as Presence,
  iat = 'varied' as Presence,
} = {}) {
  const queue: Answer[] = [];
  const state = { requests: 0, documentId, lifetimeSec, skewMs, lastRequest: undefined as Request | undefined };
  const handler = http.all(TOKEN_URL, async ({ request }) => {
    state.requests++;
    state.lastRequest = request.clone();
    const next = queue.shift();
    if (next) return next();
    const serverNow = Date.now() + state.skewMs;
    const headers: Record<string, string> = present(date, state.requests, 2) ? { date: new Date(serverNow).toUTCString() } : {};
    const jwt = jwtFor(state.documentId, state.lifetimeSec, serverNow, { iat: present(iat, state.requests, 3) });
    return HttpResponse.json({ jwt }, { headers });
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
