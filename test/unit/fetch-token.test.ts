import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  RefreshFunctionError,
  RefreshHttpError,
  RefreshNetworkError,
  RefreshResponseError,
  RefreshTimeoutError,
  SessionEndedError,
} from '../../src/errors/errors.js';
import { fetchToken, withDocumentId } from '../../src/tokens/fetch-token.js';
import { isRetryable } from '../../src/policy/renewal-policy.js';
import type { RefreshSource } from '../../src/tokens/refresh-source.js';
import { makeJwt } from '../support/jwt.js';
import { hang, status, TOKEN_URL, tokenEndpoint } from '../support/token-endpoint.js';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  server.resetHandlers();
  vi.useRealTimers();
});
afterAll(() => server.close());

const context = () => ({ signal: new AbortController().signal, reason: 'manual' as const, attempt: 1, documentId: 'doc-1' });
const jwt = makeJwt({ exp: 4_000_000_000, document_id: 'doc-1' });

async function failure(source: RefreshSource, timeoutMs = 5_000) {
  return fetchToken(source, context(), timeoutMs).then(
    () => expect.unreachable('expected a failure'),
    (error: unknown) => error,
  );
}

describe('fetchToken from a URL', () => {
  it('GETs with same-origin credentials and no retries by default', async () => {
    const endpoint = tokenEndpoint();
    server.use(endpoint.handler);
    const { jwt: token } = await fetchToken(TOKEN_URL, context(), 5_000);
    expect(token.split('.')).toHaveLength(3);
    expect(endpoint.state.lastRequest?.method).toBe('GET');
    expect(endpoint.state.lastRequest?.credentials).toBe('same-origin');
  });

  it('POSTs a plain-object body as JSON, with headers computed at call time', async () => {
    const endpoint = tokenEndpoint();
    server.use(endpoint.handler);
    let csrf = 'one';
    const source = { url: TOKEN_URL, body: { documentId: 'doc-1' }, headers: () => ({ 'x-csrf': csrf }), credentials: 'include' as const };
    csrf = 'two';
    await fetchToken(source, context(), 5_000);
    const request = endpoint.state.lastRequest!;
    expect(request.method).toBe('POST');
    expect(request.headers.get('x-csrf')).toBe('two');
    expect(request.headers.get('content-type')).toContain('application/json');
    expect(request.credentials).toBe('include');
    expect(await request.json()).toEqual({ documentId: 'doc-1' });
  });

  // The README's endpoint signs a token for the document the request names: without it, every
  // viewer but one would get a token for the wrong document.
  it('names the viewer\'s document: in the query of a GET, in a JSON body, never twice', async () => {
    const endpoint = tokenEndpoint();
    server.use(endpoint.handler);
    const sent = async (source: RefreshSource, documentId = 'doc-1') => {
      await fetchToken(source, { ...context(), documentId }, 5_000);
      const request = endpoint.state.lastRequest!;
      return { query: new URL(request.url).searchParams.getAll('documentId'), body: request.method === 'POST' ? await request.text() : '' };
    };
    expect(await sent(TOKEN_URL, 'doc a/ü')).toEqual({ query: ['doc a/ü'], body: '' });
    expect(await sent(new URL(`${TOKEN_URL}?user=1`))).toEqual({ query: ['doc-1'], body: '' });
    expect(await sent(`${TOKEN_URL}?documentId=mine`)).toEqual({ query: ['mine'], body: '' });
    expect(await sent({ url: `${TOKEN_URL}?v=2`, headers: { 'x-csrf': 'c' } })).toEqual({ query: ['doc-1'], body: '' });
    expect(await sent({ url: TOKEN_URL, body: { user: 'u' } })).toEqual({ query: [], body: '{"user":"u","documentId":"doc-1"}' });
    expect(await sent({ url: TOKEN_URL, body: { documentId: 'mine' } })).toEqual({ query: [], body: '{"documentId":"mine"}' });
    expect(await sent({ url: TOKEN_URL, body: 'raw' })).toEqual({ query: ['doc-1'], body: 'raw' });
  });

  it('keeps a relative URL relative when it adds the document', () => {
    expect(withDocumentId('/api/viewer-token', 'doc_1')).toBe('/api/viewer-token?documentId=doc_1');
    expect(withDocumentId('/api/t?a=1#x', 'd&e')).toBe('/api/t?a=1&documentId=d%26e#x');
    expect(withDocumentId('/api/t?', 'd')).toBe('/api/t?documentId=d');
    expect(withDocumentId('/api/t?documentId=x', 'd')).toBe('/api/t?documentId=x');
  });

  it('reads the server clock from the Date header', async () => {
    server.use(http.get(TOKEN_URL, () => HttpResponse.json({ jwt }, { headers: { date: 'Thu, 01 Jan 2026 00:00:00 GMT' } })));
    expect((await fetchToken(TOKEN_URL, context(), 5_000)).serverNow).toBe(Date.UTC(2026, 0, 1));
  });

  it.each([401, 403])('turns HTTP %i into SessionEndedError', async (code) => {
    const endpoint = tokenEndpoint();
    endpoint.answerNext(status(code));
    server.use(endpoint.handler);
    const error = await failure(TOKEN_URL);
    expect(error).toBeInstanceOf(SessionEndedError);
    expect(error).toMatchObject({ status: code });
  });

  it('turns 5xx into RefreshHttpError with Retry-After in ms', async () => {
    const endpoint = tokenEndpoint();
    endpoint.answerNext(status(503, { 'retry-after': '3' }), status(500));
    server.use(endpoint.handler);
    expect(await failure(TOKEN_URL)).toMatchObject({ name: 'RefreshHttpError', status: 503, retryAfterMs: 3_000 });
    const plain = await failure(TOKEN_URL);
    expect(plain).toBeInstanceOf(RefreshHttpError);
    expect(plain).toMatchObject({ status: 500, retryAfterMs: undefined });
  });

  it('reports an HTML login page answered with 200', async () => {
    server.use(http.get(TOKEN_URL, () => HttpResponse.html('<html><body>Sign in</body></html>')));
    const error = await failure(TOKEN_URL);
    expect(error).toBeInstanceOf(RefreshResponseError);
    expect((error as Error).message).toContain('an HTML page (HTTP 200, text/html');
  });

  it('turns an unreachable endpoint into RefreshNetworkError with the cause', async () => {
    server.use(http.get(TOKEN_URL, () => HttpResponse.error()));
    const error = await failure(TOKEN_URL);
    expect(error).toBeInstanceOf(RefreshNetworkError);
    expect((error as Error).cause).toMatchObject({ name: 'TypeError' });
  });

  it('asks for JSON, never from a cache, and does not follow redirects', async () => {
    const endpoint = tokenEndpoint();
    server.use(endpoint.handler);
    await fetchToken({ url: TOKEN_URL, headers: { 'x-csrf': 'c' } }, context(), 5_000);
    const request = endpoint.state.lastRequest!;
    expect(request.headers.get('accept')).toBe('application/json');
    expect(request.cache).toBe('no-store');
    expect(request.redirect).toBe('manual');
  });

  it('reads a redirect (a login page) as the end of the session, without visiting it', async () => {
    const login = vi.fn(() => HttpResponse.html('<html>sign in</html>'));
    server.use(
      http.get(TOKEN_URL, () => new HttpResponse(null, { status: 302, headers: { location: 'http://app.test/login' } })),
      http.get('http://app.test/login', login),
    );
    const error = await failure({ url: TOKEN_URL, headers: { 'x-csrf': 'secret' } });
    expect(error).toBeInstanceOf(SessionEndedError);
    expect(error).toMatchObject({ status: 302, reason: 'redirect' });
    expect(login).not.toHaveBeenCalled();
  });

  it('measures an HTTP-date Retry-After against the response Date, not the client clock', async () => {
    server.use(
      http.get(TOKEN_URL, () =>
        new HttpResponse('busy', {
          status: 503,
          headers: { date: 'Thu, 01 Jan 2026 00:00:00 GMT', 'retry-after': 'Thu, 01 Jan 2026 00:00:30 GMT' },
        }),
      ),
    );
    const error = await failure(TOKEN_URL); // the client clock is today, years after that Date
    expect(error).toMatchObject({ status: 503, retryAfterMs: 30_000 });
  });

  it('times out a hanging endpoint after timeoutMs (fake timers)', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const endpoint = tokenEndpoint();
    endpoint.answerNext(hang);
    server.use(endpoint.handler);
    const pending = failure(TOKEN_URL, 4_000);
    await vi.advanceTimersByTimeAsync(3_999);
    await vi.advanceTimersByTimeAsync(1);
    const error = await pending;
    expect(error).toBeInstanceOf(RefreshTimeoutError);
    expect(error).toMatchObject({ timeoutMs: 4_000 });
  });
});

describe('fetchToken from a function', () => {
  it('passes reason, attempt and an abortable signal, and accepts { token }', async () => {
    const fn = vi.fn(async () => ({ token: jwt }));
    expect((await fetchToken(fn, { ...context(), attempt: 3 }, 1_000)).jwt).toBe(jwt);
    expect(fn).toHaveBeenCalledWith(expect.objectContaining({ reason: 'manual', attempt: 3, signal: expect.any(AbortSignal), documentId: 'doc-1' }));
  });

  it('bounds a function that ignores its signal, and aborts that signal', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    let seen: AbortSignal | undefined;
    const pending = failure(({ signal }) => {
      seen = signal;
      return new Promise(() => {});
    }, 2_000);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(await pending).toBeInstanceOf(RefreshTimeoutError);
    expect(seen?.aborted).toBe(true);
  });

  it('rejects with the session abort reason when the caller aborts', async () => {
    const controller = new AbortController();
    const pending = fetchToken(() => new Promise(() => {}), { ...context(), signal: controller.signal }, 5_000);
    controller.abort(new Error('unloaded'));
    await expect(pending).rejects.toThrow('unloaded');
  });

  it('keeps our own error classes thrown by the function', async () => {
    expect(await failure(async () => { throw new SessionEndedError(401); })).toBeInstanceOf(SessionEndedError);
    expect(await failure(async () => { throw new RefreshHttpError(503); })).toMatchObject({ name: 'RefreshHttpError', status: 503 });
  });

  it('reports a bug in the function (a TypeError) as the app\'s error, not as the network', async () => {
    const error = await failure(async () => {
      const data = undefined as unknown as { jwt: string };
      return data.jwt;
    });
    expect(error).toBeInstanceOf(RefreshFunctionError);
    expect((error as Error).message).toMatch(/TypeError/);
    expect(isRetryable(error as RefreshFunctionError)).toBe(false);
  });

  it('reads fetch\'s own network failure thrown by the function as a network error', async () => {
    const error = await failure(async () => { throw new TypeError('Failed to fetch'); });
    expect(error).toBeInstanceOf(RefreshNetworkError);
  });

  it('keeps only name, message and status of an HTTP client\'s error (its request carries headers)', async () => {
    const clientError = Object.assign(new Error('Request failed with status code 503'), {
      name: 'AxiosError',
      response: { status: 503, headers: { 'set-cookie': 'session=secret' } },
      config: { headers: { Authorization: 'Bearer secret' } },
    });
    const error = await failure(async () => { throw clientError; });
    expect(error).toBeInstanceOf(RefreshHttpError);
    expect(error).toMatchObject({ status: 503 });
    expect((error as Error).cause).toEqual({ name: 'AxiosError', message: 'Request failed with status code 503', status: 503 });
    expect(JSON.stringify((error as Error).cause)).not.toContain('secret');
  });

  it('takes the server time a function returns with the token', async () => {
    const fetched = await fetchToken(async () => ({ jwt, serverNow: 1_767_225_600_000 }), context(), 5_000);
    expect(fetched.serverNow).toBe(1_767_225_600_000);
  });

  it.each([401, 403])('reads a RefreshHttpError(%i) thrown by the function as the end of the session', async (code) => {
    const error = await failure(async () => { throw new RefreshHttpError(code); });
    expect(error).toBeInstanceOf(SessionEndedError);
    expect(error).toMatchObject({ status: code, cause: expect.any(RefreshHttpError) });
  });
});
