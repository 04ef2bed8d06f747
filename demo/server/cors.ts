// CORS with credentials: the viewer POSTs /auth with credentials: 'include', so '*' is not
// accepted by the browser; the exact Origin has to be echoed back.
import type { IncomingMessage, ServerResponse } from 'node:http';

export type AllowedOrigins = string[] | '*-localhost';

const LOCAL_ORIGIN = /^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?$/;
const ALLOWED_HEADERS = [
  'content-type', 'pspdfkit-platform', 'pspdfkit-version', 'x-pspdfkit-token', 'x-pspdfkit-image-token', 'authorization',
].join(', ');

export function isOriginAllowed(origin: string, allowed: AllowedOrigins): boolean {
  return allowed === '*-localhost' ? LOCAL_ORIGIN.test(origin) : allowed.includes(origin);
}

/** Adds CORS headers; returns true when the request was a preflight and has been answered. */
export function applyCors(req: IncomingMessage, res: ServerResponse, allowed: AllowedOrigins): boolean {
  const origin = req.headers.origin;
  res.setHeader('Vary', 'Origin');
  if (origin && isOriginAllowed(origin, allowed)) {
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.setHeader('Access-Control-Allow-Credentials', 'true');
    res.setHeader('Access-Control-Expose-Headers', 'Date, Retry-After'); // the library reads both (README, "Your token endpoint")
  }
  if (req.method !== 'OPTIONS') return false;
  if (origin && isOriginAllowed(origin, allowed)) {
    res.setHeader('Access-Control-Allow-Methods', 'GET, POST, PUT, DELETE, OPTIONS');
    res.setHeader('Access-Control-Allow-Headers', ALLOWED_HEADERS);
    res.setHeader('Access-Control-Max-Age', '600');
  }
  res.writeHead(204).end();
  return true;
}
