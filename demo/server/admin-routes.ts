// The admin API under /admin on the control server: JSON in, JSON out, one route per fault control.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FaultControls } from './fault-controls';
import { MethodNotAllowedError, NotFoundError } from './http-errors';
import { readJson, sendJson } from './http-io';
import type { InstantLayers } from './instant-layers';
import type { RequestLog } from './request-log';
import { buildSessionReport } from './session-report';

export interface AdminDeps { faults: FaultControls; log: RequestLog; layers: InstantLayers }

type AdminAction = (body: unknown, query: URLSearchParams) => unknown;
type AdminRoute = Partial<Record<'GET' | 'POST' | 'DELETE', AdminAction>>;

function routes({ faults, log, layers }: AdminDeps): Record<string, AdminRoute> {
  const state = () => faults.state();
  return {
    '/admin/sessions/expire': { POST: () => (faults.expireSessions(), state()) },
    '/admin/sessions/revoke': { POST: () => (faults.revokeSessions(), state()) },
    '/admin/token-faults': {
      POST: (body) => (faults.queueTokenFault(body as never), state()),
      DELETE: () => (faults.clearTokenFaults(), state()),
    },
    '/admin/latency': { POST: (body) => faults.setLatency((body ?? {}) as never) },
    '/admin/websockets/drop': { POST: () => ({ dropped: faults.dropWebsockets() }) },
    '/admin/engine/down': { POST: async () => (await faults.engineDown(), state()) },
    '/admin/engine/up': { POST: async () => (await faults.engineUp(), state()) },
    '/admin/auth-failure-form': { POST: (body) => (faults.setAuthFailureForm((body as { form?: unknown } | null)?.form as never), state()) },
    '/admin/config': { POST: (body) => (faults.configure((body ?? {}) as never), state()) },
    '/admin/state': { GET: state },
    '/admin/log': { GET: (_body, query) => ({ entries: log.entries({ since: Number(query.get('since') ?? 0) || 0 }) }) },
    '/admin/session-report': { GET: (_body, query) => buildSessionReport(log.entries({ since: Number(query.get('since') ?? 0) || 0 })) },
    '/admin/annotations': { GET: (_body, query) => layers.forLayer(query.get('layer') ?? '').instantJson() },
  };
}

export function createAdminHandler(deps: AdminDeps) {
  const table = routes(deps);
  return async (req: IncomingMessage, res: ServerResponse, path: string, query: URLSearchParams): Promise<void> => {
    const route = table[path.replace(/\/+$/, '')];
    if (!route) throw new NotFoundError('Unknown admin route');
    const method = req.method as keyof AdminRoute;
    const action = route[method];
    if (!action) throw new MethodNotAllowedError(Object.keys(route));
    const body = method === 'GET' ? undefined : await readJson(req);
    sendJson(res, 200, await action(body, query));
  };
}
