// Serves a production build (bench/consumer-build.ts) like a plain web server would, on 127.0.0.1
// (port 0): the build's files, the SDK's runtime assets at /nutrient-viewer-lib/ (from
// node_modules, as a deployment copies them), and /api/token passed through to the stand-in's
// token endpoint (same origin, as an app backend would answer it).
import { createReadStream, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve, sep } from 'node:path';
import { viewerLibDir } from '../demo/vite/viewer-assets-plugin';

const VIEWER_LIB_ROUTE = '/nutrient-viewer-lib/';

const TYPES: Record<string, string> = {
  '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm',
  '.json': 'application/json', '.woff': 'font/woff', '.woff2': 'font/woff2', '.ttf': 'font/ttf', '.png': 'image/png', '.svg': 'image/svg+xml',
};

export interface StaticServer {
  origin: string;
  close(): Promise<void>;
}

function fileIn(root: string, relativePath: string): string | undefined {
  const file = resolve(root, relativePath);
  if (file !== root && !file.startsWith(root + sep)) return undefined;
  try {
    return statSync(file).isFile() ? file : undefined;
  } catch {
    return undefined;
  }
}

async function passToken(tokenUrl: string, res: ServerResponse): Promise<void> {
  const answer = await fetch(tokenUrl, { cache: 'no-store' });
  const headers: Record<string, string> = { 'cache-control': 'no-store' };
  for (const name of ['content-type', 'date', 'retry-after']) {
    const value = answer.headers.get(name);
    if (value) headers[name] = value;
  }
  res.writeHead(answer.status, headers);
  res.end(Buffer.from(await answer.arrayBuffer()));
}

export async function startStaticServer(buildDir: string, tokenUrl: string): Promise<StaticServer> {
  const libDir = viewerLibDir();
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = decodeURIComponent((req.url ?? '/').split('?')[0]!);
    if (path === '/api/token') {
      passToken(tokenUrl, res).catch(() => {
        res.statusCode = 502;
        res.end();
      });
      return;
    }
    const file = path.startsWith(VIEWER_LIB_ROUTE) ? fileIn(libDir, path.slice(VIEWER_LIB_ROUTE.length)) : fileIn(buildDir, path.slice(1));
    if (!file) {
      res.statusCode = 404;
      res.end('Not found');
      return;
    }
    res.setHeader('Content-Type', TYPES[extname(file)] ?? 'application/octet-stream');
    res.setHeader('Content-Length', String(statSync(file).size));
    res.setHeader('Cache-Control', 'public, max-age=3600');
    createReadStream(file).on('error', () => res.destroy()).pipe(res);
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
