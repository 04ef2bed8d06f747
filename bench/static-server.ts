// Serves a production build (bench/consumer-build.ts) like a plain web server would, on 127.0.0.1
// (port 0): the build's files, the SDK's runtime assets at /nutrient-viewer-lib/ (from
// node_modules, as a deployment copies them), and /api/token passed through to the stand-in's
// token endpoint (same origin, as an app backend would answer it). Text files go out gzip'd when the
// browser asks (as any production server sends them; the throttled cold start counts wire bytes), and
// an HTML page holding `__BENCH_TOKEN__` gets a token minted for it (a server-rendered JWT: the floor).
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, resolve, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import { viewerLibDir } from '../demo/vite/viewer-assets-plugin';

const VIEWER_LIB_ROUTE = '/nutrient-viewer-lib/';

const TYPES: Record<string, string> = {
  '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm',
  '.json': 'application/json', '.woff': 'font/woff', '.woff2': 'font/woff2', '.ttf': 'font/ttf', '.png': 'image/png', '.svg': 'image/svg+xml',
};

const COMPRESSED = new Set(['.html', '.js', '.mjs', '.css', '.json', '.wasm', '.svg', '.ttf']);
const TOKEN_MARKER = '__BENCH_TOKEN__';

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

/** An HTML page with a token minted now in place of the marker (the page then needs no token request). */
async function serveWithToken(file: string, tokenUrl: string, res: ServerResponse): Promise<void> {
  const answer = await fetch(tokenUrl, { cache: 'no-store' });
  const { jwt } = (await answer.json()) as { jwt: string };
  const body = gzipSync(readFileSync(file, 'utf8').replace(TOKEN_MARKER, jwt), { level: 6 });
  res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip', 'content-length': String(body.length), 'cache-control': 'no-store' });
  res.end(body);
}

/** More folders to serve, e.g. an older SDK's assets at `/sdk/1.12.0/nutrient-viewer-lib/`. */
export interface ExtraRoute {
  prefix: string;
  dir: string;
}

export async function startStaticServer(buildDir: string, tokenUrl: string, routes: readonly ExtraRoute[] = []): Promise<StaticServer> {
  const libDir = viewerLibDir();
  const gzipped = new Map<string, Buffer>(); // compressed once per file, as a server's cache would
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = decodeURIComponent((req.url ?? '/').split('?')[0]!);
    if (path === '/api/token') {
      passToken(tokenUrl, res).catch(() => {
        res.statusCode = 502;
        res.end();
      });
      return;
    }
    const route = routes.find((candidate) => path.startsWith(candidate.prefix));
    const file = route
      ? fileIn(route.dir, path.slice(route.prefix.length))
      : path.startsWith(VIEWER_LIB_ROUTE)
        ? fileIn(libDir, path.slice(VIEWER_LIB_ROUTE.length))
        : fileIn(buildDir, path.slice(1));
    if (!file) {
      res.statusCode = 404;
      res.end('Not found');
      return;
    }
    res.setHeader('Content-Type', TYPES[extname(file)] ?? 'application/octet-stream');
    res.setHeader('Cache-Control', 'public, max-age=3600');
    if (extname(file) === '.html' && readFileSync(file, 'utf8').includes(TOKEN_MARKER)) {
      serveWithToken(file, tokenUrl, res).catch(() => {
        res.statusCode = 502;
        res.end();
      });
      return;
    }
    if (COMPRESSED.has(extname(file)) && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
      let body = gzipped.get(file);
      if (!body) gzipped.set(file, (body = gzipSync(readFileSync(file), { level: 6 })));
      res.setHeader('Content-Encoding', 'gzip');
      res.setHeader('Content-Length', String(body.length));
      res.end(body);
      return;
    }
    res.setHeader('Content-Length', String(statSync(file).size));
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
