// `npm run demo`: the Document Engine stand-in (or a real engine, see demo-config.ts) plus the
// demo's Vite dev server, and one URL to open. Ctrl-C / SIGTERM closes both.
import { fileURLToPath } from 'node:url';
import type { ProxyOptions } from 'vite';
import { DemoConfigError, readDemoConfig, type DemoConfig, type RealEngineBackend } from './demo-config';
import { startStandIn, type StandIn } from './server/stand-in';
import { type DevServer, startDevServer } from './vite/dev-server';
import { standInProxy } from './vite/stand-in-proxy';

// Its own pre-bundle cache: the e2e harness (NODE_ENV=test, a different cache hash) shares the
// config's, and a re-optimisation there would break this server's open pages ("Outdated Optimize Dep").
const CACHE_DIR = fileURLToPath(new URL('../node_modules/.vite-demo-app', import.meta.url));

interface Backend { engineUrl: string; documentId: string; proxy: Record<string, ProxyOptions>; note: string; standIn?: StandIn }

/** Real engine: the page's /api/token goes to DEMO_TOKEN_URL; there is no admin API to call. */
function realEngineProxy({ tokenUrl }: RealEngineBackend): Record<string, ProxyOptions> {
  const tokenPath = tokenUrl.pathname + tokenUrl.search;
  return {
    '/api': { target: tokenUrl.origin, changeOrigin: true, rewrite: (path) => path.replace(/^\/api\/token(\?.*)?$/, tokenPath) },
    '/admin': { target: tokenUrl.origin, bypass: () => false }, // 404: fault buttons are disabled
  };
}

async function startBackend(config: DemoConfig): Promise<Backend> {
  const { backend } = config;
  if (backend.kind === 'engine') {
    const note = `real Document Engine; tokens from ${backend.tokenUrl.href}`;
    return { engineUrl: backend.engineUrl, documentId: backend.documentId, proxy: realEngineProxy(backend), note };
  }
  const { enginePort, controlPort, tokenLifetimeSec, dataDir } = backend;
  const standIn = await startStandIn({ enginePort, controlPort, tokenLifetimeSec, dataDir, documentId: 'sample' });
  process.env.STANDIN_CONTROL_URL = standIn.controlUrl; // what demo/vite/stand-in-proxy.ts reads
  const note = `stand-in engine ${standIn.engineUrl}, tokens live ${backend.tokenLifetimeSec} s, data in ${standIn.dataDir}`;
  return { engineUrl: standIn.engineUrl, documentId: standIn.documentId, proxy: standInProxy(standIn.controlUrl), note, standIn };
}

function pageUrl(origin: string, backend: Backend): string {
  const query = new URLSearchParams({ engine: backend.engineUrl, document: backend.documentId });
  if (!backend.standIn) query.set('faults', 'off');
  // ':' and '/' are legal in a query string and keep the URL readable.
  return `${origin}/?${query.toString().replace(/%3A/g, ':').replace(/%2F/g, '/')}`;
}

/** A message a person can act on, for the failures one meets when starting a second copy. */
function explain(error: unknown): string {
  const { code, port, message } = (error ?? {}) as { code?: string; port?: number; message?: string };
  if (error instanceof DemoConfigError) return error.message;
  if (code === 'EADDRINUSE') return `Port ${port} is already in use (another demo running?). Set ENGINE_PORT / CONTROL_PORT to free ports, or 0 for any.`;
  if (message && /Port \d+ is already in use/.test(message)) return `${message}. Set DEMO_PORT to a free port, or DEMO_PORT=0 for any.`;
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

async function main(): Promise<void> {
  const config = readDemoConfig();
  const backend = await startBackend(config);
  let server: DevServer;
  try {
    server = await startDevServer({ port: config.demoPort, proxy: backend.proxy, cacheDir: CACHE_DIR });
  } catch (error) {
    await backend.standIn?.close();
    throw error;
  }
  console.log(`\nDemo: ${pageUrl(server.origin, backend)}\n  (${backend.note}; Ctrl-C stops)\n`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: closing the demo server${backend.standIn ? ' and the stand-in' : ''}`);
    await Promise.allSettled([server.close(), backend.standIn?.close()]);
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(`demo: ${explain(error)}`);
  process.exit(1);
});
