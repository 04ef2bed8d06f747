// Reading request bodies with a size limit, and writing short responses.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BodyTooLargeError, ClientGoneError, MalformedJsonError } from './http-errors';

export const MAX_BODY_BYTES = 5 * 1024 * 1024;
// Past this much an oversized upload is cut off instead of drained, so nobody can stream forever.
const MAX_DRAIN_BYTES = 8 * MAX_BODY_BYTES;

/** Buffers the body; oversized bodies are drained (so the client sees the 413) then rejected. */
export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    req.on('data', (chunk: Buffer) => {
      total += chunk.length;
      if (total <= limit) chunks.push(chunk);
      else if (total > MAX_DRAIN_BYTES) req.destroy();
    });
    req.on('end', () => (total > limit ? reject(new BodyTooLargeError(limit)) : resolve(Buffer.concat(chunks))));
    req.on('error', reject);
    // Cut off (over MAX_DRAIN_BYTES) or the client went away: either way no answer is expected.
    req.on('close', () => { if (!req.complete) reject(total > limit ? new BodyTooLargeError(limit) : new ClientGoneError()); });
  });
}

export async function readJson(req: IncomingMessage): Promise<unknown> {
  return parseJson((await readBody(req)).toString('utf8'));
}

/** An empty body counts as `{}` so `curl -X POST` works for the admin API. */
export function parseJson(text: string): unknown {
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new MalformedJsonError();
  }
}

export function sendText(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...headers });
  res.end(text);
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...headers });
  res.end(JSON.stringify(body));
}

export function sendBytes(res: ServerResponse, contentType: string, bytes: Buffer): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(200, { 'Content-Type': contentType, 'Content-Length': String(bytes.length) });
  res.end(bytes);
}

/** Resolves after `ms`, or early when `signal` aborts (latency must not outlive close()). */
export function delay(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0 || signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() { clearTimeout(timer); signal?.removeEventListener('abort', done); resolve(); }
    signal?.addEventListener('abort', done, { once: true });
  });
}
