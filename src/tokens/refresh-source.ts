import type { RenewalReason } from '../session/events.js';

/**
 * What a custom refresh function may return: the JWT itself or the usual JSON shapes. Add
 * `serverNow` (the server's `Date.now()` when it answered, ms) when your endpoint's clock may
 * differ from the browser's and the token has no `iat`: it lets the session plan exactly.
 */
export type RefreshResult = string | { jwt: string; serverNow?: number } | { token: string; serverNow?: number };

export interface RefreshContext {
  /** Aborts when the attempt times out or the session is unloaded: pass it to fetch. */
  signal: AbortSignal;
  reason: RenewalReason;
  attempt: number;
}

export type RefreshFunction = (context: RefreshContext) => Promise<RefreshResult>;

export type RefreshBody = BodyInit | Record<string, unknown>;

/** The app's token endpoint, fetched with ky. */
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

/** A URL string (GET, same-origin credentials), an endpoint description, or your own function. */
export type RefreshSource = string | URL | RefreshEndpoint | RefreshFunction;

/** A token as it arrived, before any checks. */
export interface FetchedToken {
  jwt: string;
  /** The server's clock at the time of the answer (HTTP Date header or `serverNow`), when known. */
  serverNow: number | undefined;
}
