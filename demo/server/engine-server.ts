// The Document Engine protocol server. It can be taken down (listener closed, sockets destroyed:
// clients get "connection refused") and brought up again on the same port.
import { createServer, type Server } from 'node:http';
import { type AuthFailureForm, reword } from './auth-failure-forms';
import { applyCors, type AllowedOrigins } from './cors';
import { EngineWebsockets } from './engine-websocket';
import { engineKindOf, routeEngine, type EngineDeps } from './engine-routes';
import { delay } from './http-io';
import { closeServer, listen } from './listener';
import type { RequestLog } from './request-log';
import { wrapHandler } from './request-wrapper';

export interface EngineServerOptions {
  deps: Omit<EngineDeps, 'shutdown'>;
  log: RequestLog;
  allowedOrigins: AllowedOrigins;
  latencyMs: () => number;
  /** How auth failures are worded right now (switchable while running). */
  authFailureForm?: () => AuthFailureForm;
}

export class EngineServer {
  readonly websockets: EngineWebsockets;
  private server: Server | undefined;
  // Aborted on down()/close(): ends long polls and latency waits that belong to this listener.
  private lifetime = new AbortController();
  private port = 0;

  constructor(private readonly options: EngineServerOptions) {
    this.websockets = new EngineWebsockets(options.deps.documentId, options.deps.sessions, options.log);
  }

  get isUp(): boolean {
    return this.server !== undefined;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/`;
  }

  /** Listens on `port` (0 = random) the first time, and on the same port after down(). */
  async up(port = this.port): Promise<void> {
    if (this.server) return;
    this.lifetime = new AbortController();
    const server = createServer(this.handler());
    server.on('upgrade', (req, socket, head) => this.websockets.handleUpgrade(req, socket, head));
    server.on('clientError', (_error, socket) => socket.destroy());
    this.port = await listen(server, port);
    this.server = server;
  }

  async down(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    this.lifetime.abort();
    this.websockets.dropAll();
    await closeServer(server);
  }

  async close(): Promise<void> {
    await this.down();
    this.websockets.close();
  }

  private handler() {
    const { deps, log, allowedOrigins, latencyMs, authFailureForm } = this.options;
    const engineDeps: EngineDeps = { ...deps, shutdown: () => this.lifetime.signal };
    return wrapHandler('engine', log, engineKindOf, async (req, res, ctx) => {
      if (applyCors(req, res, allowedOrigins)) return;
      await delay(latencyMs(), this.lifetime.signal);
      try {
        await routeEngine(req, res, ctx, engineDeps);
      } catch (error) {
        throw reword(error, authFailureForm?.() ?? 'natural');
      }
    });
  }
}
