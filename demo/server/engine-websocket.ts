// DOC/websocket (used by the viewer only with instant: true, for presence). Frames are
// `name:json` before authentication and `id:name:json` for requests after it:
//   server hello -> client hello_web {auth_payload.auth_token} -> server authenticated
//   client 1:enter_layer -> server 1:ok {"clients":[]}
// An expired or revoked session token gets an `error` frame the viewer answers with a refresh.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { safeDecode } from './engine-routes';
import { TokenExpiredError, TokenRevokedError } from './http-errors';
import type { RequestLog } from './request-log';
import { contextOf } from './request-wrapper';
import type { SessionStore } from './sessions';

const FRAME = /^(?:(\d+):)?([a-z_]+):([\s\S]*)$/;

function authErrorDescription(error: unknown): string {
  if (error instanceof TokenExpiredError) return 'expired_token';
  if (error instanceof TokenRevokedError) return 'revoked_token';
  return 'invalid_token';
}

export class EngineWebsockets {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  private clientSerial = 0;

  constructor(private readonly documentId: string, private readonly sessions: SessionStore, private readonly log: RequestLog) {}

  get count(): number {
    return this.wss.clients.size;
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const { path } = contextOf(req);
    const [i, d, doc, name, extra] = path.split('/').slice(1);
    const ok = i === 'i' && d === 'd' && doc !== undefined && safeDecode(doc) === this.documentId && name === 'websocket' && extra === undefined;
    this.log.append({ server: 'engine', method: 'GET', path, status: ok ? 101 : 404, kind: 'websocket', ms: 0 });
    if (!ok) {
      socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      return;
    }
    socket.on('error', () => socket.destroy());
    this.wss.handleUpgrade(req, socket, head, (ws) => this.serve(ws));
  }

  /** Terminates every socket (admin "drop", engine down, close). Returns how many there were. */
  dropAll(): number {
    const count = this.wss.clients.size;
    for (const ws of this.wss.clients) ws.terminate();
    return count;
  }

  close(): void {
    this.dropAll();
    this.wss.close();
  }

  private serve(ws: WebSocket): void {
    let authenticated = false;
    ws.on('error', () => ws.terminate());
    ws.send(`hello:${JSON.stringify({ protocol_version: 2 })}`);
    ws.on('message', (data) => {
      const match = FRAME.exec(data.toString());
      if (!match) return void ws.close(1003, 'bad frame');
      const [, id, name, json] = match;
      let payload: unknown;
      try {
        payload = JSON.parse(json ?? '');
      } catch {
        return void ws.close(1003, 'bad json');
      }
      // A frame's payload is always an object; anything else (null, 3, "x") is a bad frame, not a crash.
      if (typeof payload !== 'object' || payload === null) return void ws.close(1003, 'bad payload');
      if (!authenticated && name === 'hello_web') authenticated = this.authenticate(ws, payload as Record<string, unknown>);
      else if (authenticated && id) ws.send(`${id}:ok:${JSON.stringify(name === 'enter_layer' ? { clients: [] } : {})}`);
    });
  }

  private authenticate(ws: WebSocket, hello: Record<string, unknown>): boolean {
    const authPayload = hello.auth_payload as { auth_token?: unknown } | undefined;
    const token = typeof authPayload?.auth_token === 'string' ? authPayload.auth_token : undefined;
    try {
      const session = this.sessions.require(token);
      this.clientSerial += 1;
      ws.send(`authenticated:${JSON.stringify({ client_id: `c${this.clientSerial}`, user_id: session.userId })}`);
      return true;
    } catch (error) {
      ws.send(`error:${JSON.stringify({ reason: 'authentication_failed', description: authErrorDescription(error) })}`);
      ws.close(4001, 'authentication failed');
      return false;
    }
  }
}
