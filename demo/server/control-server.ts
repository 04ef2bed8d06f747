// The control server: the token endpoint (what an app backend would be) and the admin API. It has
// its own port so that taking the engine down leaves tokens and admin reachable.
import { createServer, type Server } from 'node:http';
import { createAdminHandler, type AdminDeps } from './admin-routes';
import { applyCors, type AllowedOrigins } from './cors';
import { NotFoundError } from './http-errors';
import { closeServer, listen } from './listener';
import type { RequestKind, RequestLog } from './request-log';
import { wrapHandler } from './request-wrapper';
import { sendText } from './http-io';
import { handleTokenRequest, LOGIN_PAGE, LOGIN_PATH, type TokenEndpointDeps } from './token-endpoint';

export interface ControlServerOptions {
  admin: AdminDeps;
  token: Omit<TokenEndpointDeps, 'shutdown'>;
  log: RequestLog;
  allowedOrigins: AllowedOrigins;
}

function controlKindOf(path: string): RequestKind {
  if (path === '/api/token') return 'token';
  return path.startsWith('/admin/') ? 'admin' : 'other';
}

export class ControlServer {
  private readonly server: Server;
  private readonly lifetime = new AbortController(); // ends hanging token requests on close()
  private port = 0;

  constructor(options: ControlServerOptions) {
    const admin = createAdminHandler(options.admin);
    const token: TokenEndpointDeps = { ...options.token, shutdown: this.lifetime.signal };
    this.server = createServer(
      wrapHandler('control', options.log, controlKindOf, async (req, res, ctx) => {
        if (applyCors(req, res, options.allowedOrigins)) return;
        if (ctx.kind === 'token') return handleTokenRequest(req, res, ctx.query, token);
        if (ctx.kind === 'admin') return admin(req, res, ctx.path, ctx.query);
        if (ctx.path === LOGIN_PATH) return sendText(res, 200, LOGIN_PAGE, { 'Content-Type': 'text/html; charset=utf-8' });
        throw new NotFoundError();
      }),
    );
    this.server.on('clientError', (_error, socket) => socket.destroy());
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(port: number): Promise<void> {
    this.port = await listen(this.server, port);
  }

  async close(): Promise<void> {
    this.lifetime.abort();
    await closeServer(this.server);
  }
}
