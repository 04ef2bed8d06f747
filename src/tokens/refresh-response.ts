import { RefreshResponseError } from '../errors/errors.js';
import type { RefreshResult } from './refresh-source.js';
import { compactJws } from './token.js';

/** A refresh function's answer: the token and, when it said so, the server's time. */
export function readRefreshResult(result: unknown): { jwt: string; serverNow: number | undefined } {
  const serverNow = (result as { serverNow?: unknown } | null)?.serverNow;
  return { jwt: tokenFromResult(result), serverNow: typeof serverNow === 'number' && Number.isFinite(serverNow) ? serverNow : undefined };
}

/** Finds the token in what an endpoint or function returned; says what came back when there is none. */
export function tokenFromResult(result: RefreshResult | unknown): string {
  if (typeof result === 'string') {
    const text = result.trim();
    if (compactJws.test(text)) return text;
    throw new RefreshResponseError(describeText(text));
  }
  if (result && typeof result === 'object') {
    const { jwt, token } = result as { jwt?: unknown; token?: unknown };
    if (typeof jwt === 'string') return jwt.trim();
    if (typeof token === 'string') return token.trim();
    const keys = Object.keys(result).slice(0, 5).join(', ') || 'none';
    throw new RefreshResponseError(`JSON without a "jwt" or "token" string (keys: ${keys})`);
  }
  throw new RefreshResponseError(`a ${result === null ? 'null' : typeof result} value instead of a token`);
}

/** Reads a 2xx answer of the token endpoint: JSON `{ jwt }` / `{ token }`, or a bare JWT as text. */
export function tokenFromBody(body: string, contentType: string, status: number): string {
  const type = contentType.split(';')[0]!.trim().toLowerCase() || 'no content type';
  const text = body.trim();
  if (text === '') throw new RefreshResponseError(`an empty body (HTTP ${status}, ${type})`, status);
  if (type.includes('html') || text.startsWith('<')) {
    throw new RefreshResponseError(
      `an HTML page (HTTP ${status}, ${type}, ${body.length} bytes): a login page or a proxy error?`,
      status,
    );
  }
  if (type.includes('json') || text.startsWith('{') || text.startsWith('"')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new RefreshResponseError(`malformed JSON (HTTP ${status}, ${type}, ${body.length} bytes)`, status);
    }
    return tokenFromResult(parsed);
  }
  return tokenFromResult(text);
}

function describeText(text: string): string {
  return text === '' ? 'an empty string' : `text that is not a JWT (${text.length} characters)`;
}
