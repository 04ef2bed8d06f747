// GET|POST /api/token on the control server: what the demo's backend would be. Answers
// { jwt, expiresAt } or, when a fault is queued, the misbehaviour the client must survive.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { MethodNotAllowedError } from './http-errors';
import { delay, readBody, sendJson, sendText } from './http-io';
import type { QueuedTokenFault } from './token-faults';
import type { TokenMinter } from './token-minter';

/** Where the 302 fault sends the client: a sign-in page on the control server, under /api so the
 * demo's proxy serves it on the page's own origin. */
export const LOGIN_PATH = '/api/login';

export interface TokenEndpointDeps {
  minter: TokenMinter;
  /** The one document this engine serves: a request naming another one is refused, as the README's endpoint refuses. */
  documentId: string;
  takeFault: () => QueuedTokenFault | undefined;
  latencyMs: () => number;
  lifetimeSec: () => number;
  shutdown: AbortSignal;
  /** The last answer served with a JWT (for the same-token fault). */
  last?: { jwt: string; expiresAt: number };
}

const STATUS_TEXT: Record<string, string> = {
  '500': 'Internal server error', '503': 'Service unavailable', '429': 'Too many requests', '400': 'Bad request',
  '401': 'Not signed in', '403': 'Forbidden',
};
export const LOGIN_PAGE = '<!doctype html><html><head><title>Sign in</title></head><body><form method="post"><input name="user"><button>Sign in</button></form></body></html>';

/** Never answers; ends when the client disconnects or the stand-in closes. */
function hang(res: ServerResponse, shutdown: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (shutdown.aborted) return resolve();
    const onShutdown = () => { res.destroy(); resolve(); };
    shutdown.addEventListener('abort', onShutdown, { once: true });
    res.on('close', () => { shutdown.removeEventListener('abort', onShutdown); resolve(); });
  });
}

async function answerFault(res: ServerResponse, fault: QueuedTokenFault, deps: TokenEndpointDeps, layer?: string): Promise<void> {
  const now = Math.floor(Date.now() / 1000);
  const layerClaim = layer ? { layer } : {};
  switch (fault.mode) {
    case 'html': return sendText(res, 200, LOGIN_PAGE, { 'Content-Type': 'text/html; charset=utf-8' });
    case 'malformed': return sendJson(res, 200, { jwt: 'not-a-jwt', expiresAt: (now + deps.lifetimeSec()) * 1000 });
    case 'empty': return sendText(res, 200, '', { 'Content-Type': 'application/json' });
    case 'hang': return hang(res, deps.shutdown);
    // Relative, so the browser stays on the origin it asked (the page's, through the demo proxy).
    case '302': return sendText(res, 302, 'Found', { Location: `${LOGIN_PATH}?next=%2Fapi%2Ftoken` });
    case 'same-token': return sendJson(res, 200, deps.last ?? await issue(deps, layer));
    case 'no-date': {
      res.sendDate = false;
      return sendJson(res, 200, await issue(deps, layer));
    }
    case 'other-document': {
      const exp = now + deps.lifetimeSec();
      const jwt = await deps.minter.mint({ ...layerClaim, iat: now, exp, document_id: 'other-document' });
      return sendJson(res, 200, { jwt, expiresAt: exp * 1000 });
    }
    case 'expired': {
      const exp = now - 60;
      const jwt = await deps.minter.mint({ ...layerClaim, iat: exp - deps.lifetimeSec(), exp });
      return sendJson(res, 200, { jwt, expiresAt: exp * 1000 });
    }
    default: {
      const headers: Record<string, string> = fault.retryAfterSec !== undefined ? { 'Retry-After': String(fault.retryAfterSec) } : {};
      return sendJson(res, Number(fault.mode), { error: STATUS_TEXT[fault.mode] }, headers);
    }
  }
}

/** A fresh JWT, remembered for the same-token fault. */
async function issue(deps: TokenEndpointDeps, layer?: string): Promise<{ jwt: string; expiresAt: number }> {
  deps.last = await deps.minter.mintForRequest(layer);
  return deps.last;
}

export async function handleTokenRequest(req: IncomingMessage, res: ServerResponse, query: URLSearchParams, deps: TokenEndpointDeps): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'POST') throw new MethodNotAllowedError(['GET', 'POST']);
  if (req.method === 'POST') await readBody(req); // a body is allowed and ignored
  const layer = query.get('layer') ?? undefined;
  // The library names the viewer's document (?documentId=); a page on another document gets no token for this one.
  const asked = query.get('documentId');
  if (asked !== null && asked !== deps.documentId) return sendJson(res, 400, { error: 'This engine serves another document' });
  const fault = deps.takeFault(); // taken on arrival, so faults follow request order despite latency
  await delay(deps.latencyMs(), deps.shutdown);
  if (fault) return answerFault(res, fault, deps, layer);
  sendJson(res, 200, await issue(deps, layer));
}
