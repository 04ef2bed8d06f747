// Serves the viewer's runtime assets (node_modules/@nutrient-sdk/viewer/dist/nutrient-viewer-lib,
// ~150 MB) at /nutrient-viewer-lib/: straight from node_modules in dev (no copy on every start),
// copied into the build output on `vite build`. The page passes baseUrl = location.origin + '/'.
// In dev, the older SDKs installed under npm aliases (./sdk-versions) are served the same way at
// /sdk/<version>/nutrient-viewer-lib/ for the contract page (baseUrl = origin + '/sdk/<version>/').
import { createReadStream, statSync } from 'node:fs';
import { cp } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, extname, join, resolve, sep } from 'node:path';
import type { Plugin } from 'vite';
import { CONTRACT_SDK_VERSIONS, CONTRACT_SDKS, sdkAssetsRoute } from './sdk-versions';

export const VIEWER_LIB_ROUTE = '/nutrient-viewer-lib/';

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm',
  '.json': 'application/json', '.woff': 'font/woff', '.woff2': 'font/woff2', '.ttf': 'font/ttf',
  '.png': 'image/png', '.svg': 'image/svg+xml', '.html': 'text/html',
};

export function viewerLibDir(packageName: string = '@nutrient-sdk/viewer'): string {
  const entry = createRequire(import.meta.url).resolve(packageName);
  return join(dirname(entry), 'nutrient-viewer-lib');
}

/** Maps a request URL under `route` to a file inside `root`, or undefined (outside, missing, a directory). */
function fileFor(root: string, route: string, url: string): string | undefined {
  let relative: string;
  try {
    relative = decodeURIComponent(url.split('?')[0]!.slice(route.length));
  } catch {
    return undefined;
  }
  const file = resolve(root, relative);
  if (!file.startsWith(root + sep)) return undefined; // no ../ escapes
  try {
    return statSync(file).isFile() ? file : undefined;
  } catch {
    return undefined;
  }
}

function serveFile(file: string, res: ServerResponse): void {
  res.setHeader('Content-Type', CONTENT_TYPES[extname(file)] ?? 'application/octet-stream');
  res.setHeader('Content-Length', String(statSync(file).size));
  res.setHeader('Cache-Control', 'public, max-age=3600');
  createReadStream(file).on('error', () => res.destroy()).pipe(res);
}

/** Route -> folder, for every SDK version the contract page can load; the main one is VIEWER_LIB_ROUTE. */
function assetRoots(): [route: string, root: string][] {
  return CONTRACT_SDK_VERSIONS.map((version) => [`${sdkAssetsRoute(version)}nutrient-viewer-lib/`, viewerLibDir(CONTRACT_SDKS[version])]);
}

export function viewerAssetsPlugin(): Plugin {
  const root = viewerLibDir();
  const roots = assetRoots();
  let outDir = '';
  return {
    name: 'nutrient-viewer-assets',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    configureServer(server) {
      server.middlewares.use((req: IncomingMessage, res: ServerResponse, next: () => void) => {
        const match = roots.find(([route]) => req.url?.startsWith(route));
        if (!match) return next();
        const file = fileFor(match[1], match[0], req.url!);
        if (!file) {
          res.statusCode = 404;
          return void res.end('Not found');
        }
        serveFile(file, res);
      });
    },
    async writeBundle() {
      await cp(root, join(outDir, 'nutrient-viewer-lib'), { recursive: true });
    },
  };
}
