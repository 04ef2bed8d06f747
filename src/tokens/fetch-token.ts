import ky from 'ky';
import {
  RefreshFunctionError,
  RefreshHttpError,
  RefreshNetworkError,
  RefreshTimeoutError,
  SessionEndedError,
  SessionError,
} from '../errors/errors.js';
import { summarizeError, statusOf } from './redact.js';
import { readRefreshResult, tokenFromBody } from './refresh-response.js';
import type { FetchedToken, RefreshContext, RefreshEndpoint, RefreshSource } from './refresh-source.js';
import { parseRetryAfter } from './retry-after.js';

/**
 * One attempt at getting a token, bounded by `timeoutMs` as a whole (headers and body).
 * Never retries: the renewal loop owns the retry policy (ky's `retry` is 0).
 */
export async function fetchToken(source: RefreshSource, context: RefreshContext, timeoutMs: number): Promise<FetchedToken> {
  const attempt = new AbortController();
  const timer = setTimeout(() => attempt.abort(new RefreshTimeoutError(timeoutMs)), timeoutMs);
  const stop = () => attempt.abort(context.signal.reason);
  context.signal.addEventListener('abort', stop, { once: true });
  const aborted = new Promise<never>((_, reject) => {
    attempt.signal.addEventListener('abort', () => reject(attempt.signal.reason), { once: true });
  });
  aborted.catch(() => {});
  try {
    const request =
      typeof source === 'function'
        ? callRefreshFunction(source, { ...context, signal: attempt.signal })
        : requestToken(source, attempt.signal, context.documentId);
    // The race also bounds a custom function that ignores its signal.
    return await Promise.race([request, aborted]);
  } catch (error) {
    if (attempt.signal.aborted) throw attempt.signal.reason;
    throw endedOnAuthStatus(error);
  } finally {
    clearTimeout(timer);
    context.signal.removeEventListener('abort', stop);
  }
}

async function requestToken(source: string | URL | RefreshEndpoint, signal: AbortSignal, documentId: string): Promise<FetchedToken> {
  const endpoint: RefreshEndpoint = typeof source === 'string' || source instanceof URL ? { url: source } : source;
  const appBody = typeof endpoint.body === 'function' ? await fromApp(endpoint.body, 'body') : endpoint.body;
  const isJson = appBody !== undefined && isPlainObject(appBody);
  // The endpoint learns which document the token is for: a token for another one is refused.
  const body = isJson && !('documentId' in appBody) ? { ...appBody, documentId } : appBody;
  const url = isJson ? endpoint.url : withDocumentId(endpoint.url, documentId);
  const headers = new Headers(typeof endpoint.headers === 'function' ? await fromApp(endpoint.headers, 'headers') : endpoint.headers);
  if (!headers.has('accept')) headers.set('accept', 'application/json'); // a login page is not what we want back
  let response: Response;
  try {
    response = await ky(url, {
      method: endpoint.method ?? (body === undefined ? 'GET' : 'POST'),
      headers,
      credentials: endpoint.credentials ?? 'same-origin',
      cache: 'no-store',
      // A redirect is a login page: following it would send our headers (CSRF) to it, or fail CORS and look like a network error.
      redirect: 'manual',
      ...(isJson ? { json: body } : body !== undefined ? { body: body as BodyInit } : {}),
      signal,
      retry: 0,
      timeout: false,
      throwHttpErrors: false,
    });
  } catch (error) {
    throw new RefreshNetworkError('Token refresh endpoint could not be reached', { cause: summarizeError(error) });
  }
  const date = Date.parse(response.headers.get('date') ?? '');
  const serverNow = Number.isNaN(date) ? undefined : date;
  if (response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400)) {
    throw new SessionEndedError(response.status, undefined, 'redirect');
  }
  if (!response.ok) {
    throw new RefreshHttpError(response.status, parseRetryAfter(response.headers.get('retry-after'), serverNow));
  }
  const text = await response.text();
  return { jwt: tokenFromBody(text, response.headers.get('content-type') ?? '', response.status), serverNow };
}

/** Fetch's own network failures are TypeErrors with one of these messages (Chromium, Firefox, Safari, undici). */
const fetchFailure = /^(Failed to fetch|NetworkError when attempting to fetch resource\.?|Load failed|fetch failed|Network request failed)$/;

/**
 * The app's function: our errors pass as they are; HTTP and network failures from its client are
 * classified; anything else is a bug in the function, reported as such and not retried. Only the
 * name, message and status of a foreign error are kept: an HTTP client's error can carry headers.
 */
async function callRefreshFunction(refresh: Extract<RefreshSource, Function>, context: RefreshContext): Promise<FetchedToken> {
  let result: unknown;
  try {
    result = await refresh(context);
  } catch (error) {
    if (error instanceof SessionError) throw error;
    const summary = summarizeError(error);
    const status = statusOf(error);
    if (status !== undefined) throw new RefreshHttpError(status, undefined, summary);
    if (summary.name === 'TimeoutError') throw new RefreshTimeoutError(0, summary);
    if ((summary.name === 'TypeError' && fetchFailure.test(summary.message)) || summary.name === 'NetworkError') {
      throw new RefreshNetworkError('Token refresh endpoint could not be reached', { cause: summary });
    }
    throw new RefreshFunctionError(`The refresh function threw ${summary.name}: ${summary.message}`, { cause: summary });
  }
  return readRefreshResult(result);
}

/** The app's `headers`/`body` functions: a throw there is the app's bug, not the network. */
async function fromApp<T>(make: () => T | Promise<T>, what: string): Promise<T> {
  try {
    return await make();
  } catch (error) {
    const summary = summarizeError(error);
    throw new RefreshFunctionError(`The refresh endpoint's ${what} function threw ${summary.name}: ${summary.message}`, { cause: summary });
  }
}

/** `url` with `documentId=<id>` in its query, unless it has one; relative URLs stay relative. */
export function withDocumentId(url: string | URL, documentId: string): string | URL {
  if (url instanceof URL) {
    if (url.searchParams.has('documentId')) return url;
    const copy = new URL(url);
    copy.searchParams.append('documentId', documentId);
    return copy;
  }
  const hashAt = url.indexOf('#');
  const [path, hash] = hashAt === -1 ? [url, ''] : [url.slice(0, hashAt), url.slice(hashAt)];
  const queryAt = path.indexOf('?');
  if (queryAt !== -1 && new URLSearchParams(path.slice(queryAt + 1)).has('documentId')) return url;
  const separator = queryAt === -1 ? '?' : path.endsWith('?') || path.endsWith('&') ? '' : '&';
  return `${path}${separator}documentId=${encodeURIComponent(documentId)}${hash}`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** 401/403 from the endpoint (or thrown by a custom function) mean the user's own session is gone. */
function endedOnAuthStatus(error: unknown): unknown {
  if (error instanceof RefreshHttpError && (error.status === 401 || error.status === 403)) {
    return new SessionEndedError(error.status, error);
  }
  return error;
}
