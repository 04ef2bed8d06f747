import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, generateKeyPair } from 'jose';

export interface TokenServer {
  url: string;
  /** Requests answered since start or the last reset(). */
  readonly requests: number;
  reset(): void;
  close(): Promise<void>;
}

/**
 * A local token endpoint on 127.0.0.1 (port 0) that mints a fresh ES256 JWT per request with jose,
 * answering `{ "jwt": "…" }` with a Date header, like an app backend in front of Document Engine.
 */
export async function startTokenServer({
  documentId,
  lifetimeSec = 3600,
  delayMs = 0,
}: {
  documentId: string;
  lifetimeSec?: number;
  /** Added before each answer: a backend's own latency. */
  delayMs?: number;
}): Promise<TokenServer> {
  const { privateKey } = await generateKeyPair('ES256');
  let requests = 0;
  let lastExp = 0;
  const server: Server = createServer(async (request, response) => {
    requests++;
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    const iat = Math.floor(Date.now() / 1000);
    // The guards renew hundreds of times a second: each token still expires later than the last,
    // as tokens minted seconds apart do, so a library that skips a token that is not newer still applies each.
    lastExp = Math.max(iat + lifetimeSec, lastExp + 1);
    const jwt = await new SignJWT({ document_id: documentId, permissions: ['read-document', 'write'] })
      .setProtectedHeader({ alg: 'ES256', typ: 'JWT' })
      .setIssuedAt(iat)
      .setExpirationTime(lastExp)
      .sign(privateKey);
    const body = JSON.stringify({ jwt });
    response.writeHead(200, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
      'cache-control': 'no-store',
      date: new Date().toUTCString(),
    });
    response.end(body);
    request.resume();
  });
  server.keepAliveTimeout = 60_000;
  server.maxConnections = 5_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/token`,
    get requests() {
      return requests;
    },
    reset() {
      requests = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
