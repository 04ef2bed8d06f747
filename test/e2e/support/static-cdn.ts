// A stand-in for Nutrient's CDN: the installed SDK's dist/ (nutrient-viewer.js beside
// nutrient-viewer-lib/) on its own origin, with CORS and the MIME types a CDN sends.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';

const repo = resolve(import.meta.dirname, '../../..');
const types: Record<string, string> = {
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

export interface StaticCdn {
  /** Ends with a slash: the `baseUrl` to give the viewer. */
  url: string;
  close(): Promise<void>;
}

/** Serves `dir` (default: the installed SDK's dist/) on 127.0.0.1 and a random port. */
export async function startStaticCdn(dir = join(repo, 'node_modules', '@nutrient-sdk', 'viewer', 'dist')): Promise<StaticCdn> {
  const server = createServer((request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url ?? '/', 'http://cdn').pathname)).replace(/^(\.\.[/\\])+/, '');
    const file = join(dir, path);
    response.setHeader('Access-Control-Allow-Origin', '*');
    if (!file.startsWith(dir) || !existsSync(file) || !statSync(file).isFile()) {
      response.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found');
      return;
    }
    response.writeHead(200, { 'Content-Type': types[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(response);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}
