import ky from 'ky';
import {
  RefreshHttpError,
  RefreshNetworkError,
  RefreshTimeoutError,
  SessionEndedError,
  SessionError,
} from './errors.js';
import { tokenFromBody, tokenFromResult } from './refresh-response.js';
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
    const request = requestToken(source, { ...context, signal: attempt.signal });
    // The race also bounds a custom function that ignores its signal.
    return await Promise.race([request, aborted]);
  } catch (error) {
    if (attempt.signal.aborted) throw attempt.signal.reason;
    throw classify(error);
  } finally {
    clearTimeout(timer);
    context.signal.removeEventListener('abort', stop);
  }
}

async function requestToken(source: RefreshSource, context: RefreshContext): Promise<FetchedToken> {
  if (typeof source === 'function') {
    return { jwt: tokenFromResult(await source(context)), serverDate: undefined };
  }
  const endpoint: RefreshEndpoint = typeof source === 'string' || source instanceof URL ? { url: source } : source;
  const body = typeof endpoint.body === 'function' ? await endpoint.body() : endpoint.body;
  const isJson = body !== undefined && isPlainObject(body);
  const response = await ky(endpoint.url, {
    method: endpoint.method ?? (body === undefined ? 'GET' : 'POST'),
    headers: typeof endpoint.headers === 'function' ? await endpoint.headers() : endpoint.headers,
    credentials: endpoint.credentials ?? 'same-origin',
    cache: 'no-store',
    ...(isJson ? { json: body } : body !== undefined ? { body: body as BodyInit } : {}),
    signal: context.signal,
    retry: 0,
    timeout: false,
    throwHttpErrors: false,
  });
  if (!response.ok) {
    throw new RefreshHttpError(response.status, parseRetryAfter(response.headers.get('retry-after')));
  }
  const text = await response.text();
  const jwt = tokenFromBody(text, response.headers.get('content-type') ?? '', response.status);
  const date = Date.parse(response.headers.get('date') ?? '');
  return { jwt, serverDate: Number.isNaN(date) ? undefined : date };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/**
 * 401/403 from the endpoint (or thrown by a custom function) mean the user's own session is gone.
 * Anything not already ours is the network failing (fetch throws TypeError for those).
 */
function classify(error: unknown): SessionError {
  if (error instanceof RefreshHttpError && (error.status === 401 || error.status === 403)) {
    return new SessionEndedError(error.status, error);
  }
  if (error instanceof SessionError) return error;
  return new RefreshNetworkError('Token refresh endpoint could not be reached', { cause: error });
}
