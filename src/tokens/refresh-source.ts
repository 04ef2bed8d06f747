import type { RenewalReason } from '../session/events.js';

/**
 * What a custom refresh function may return: the JWT itself or the usual JSON shapes. Add
 * `serverNow` (the server's `Date.now()` when it answered, ms) when your endpoint's clock may
 * differ from the browser's and the token has no `iat`: it lets the session plan exactly.
 */
export type RefreshResult = string | { jwt: string; serverNow?: number } | { token: string; serverNow?: number };

/**
 * What a refresh function is told about the token wanted.
 * @example const refresh: RefreshFunction = async ({ documentId, signal }) => (await fetch(`/api/viewer-token/${documentId}`, { signal })).text();
 */
export interface RefreshContext {
  /** Aborts when the attempt times out or the session is unloaded: pass it to fetch. */
  signal: AbortSignal;
  reason: RenewalReason;
  attempt: number;
  /** The viewer's document: the token must name it in `document_id`. */
  documentId: string;
}

export type RefreshFunction = (context: RefreshContext) => Promise<RefreshResult>;

export type RefreshBody = BodyInit | Record<string, unknown>;

/**
 * The app's token endpoint, fetched with ky. The session adds the viewer's document: `documentId`
 * in a plain-object body, otherwise in the URL's query (unless already there).
 * @example const refresh: RefreshEndpoint = { url: '/api/viewer-token', headers: () => ({ 'x-csrf': csrfToken() }) };
 */
export interface RefreshEndpoint {
  url: string | URL;
  /** Default `GET`, or `POST` when `body` is given. */
  method?: string;
  /** Static headers, or a function for headers that change (a CSRF token read at call time). */
  headers?: HeadersInit | (() => HeadersInit | Promise<HeadersInit>);
  /** Default `same-origin`: cookies go to your own backend only. */
  credentials?: RequestCredentials;
  /** A plain object is sent as JSON; anything else fetch accepts is sent as is. */
  body?: RefreshBody | (() => RefreshBody | Promise<RefreshBody>);
}

/**
 * A URL string (GET, same-origin credentials, `?documentId=<the viewer's document>` added), an
 * endpoint description, or your own function.
 * @example const refresh: RefreshSource = '/api/viewer-token'; // GET /api/viewer-token?documentId=doc_123
 */
export type RefreshSource = string | URL | RefreshEndpoint | RefreshFunction;

/** A token as it arrived, before any checks. */
export interface FetchedToken {
  jwt: string;
  /** The server's clock at the time of the answer (HTTP Date header or `serverNow`), when known. */
  serverNow: number | undefined;
}
