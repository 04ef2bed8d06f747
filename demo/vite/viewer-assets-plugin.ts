// Serves the viewer's runtime assets (node_modules/@nutrient-sdk/viewer/dist/nutrient-viewer-lib,
// ~150 MB) at /nutrient-viewer-lib/: straight from node_modules in dev (no copy on every start),
// copied into the build output on `vite build`. The page passes baseUrl = location.origin + '/'.
import { createReadStream, statSync } from 'node:fs';
import { cp, writeFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { basename, dirname, extname, join, resolve, sep } from 'node:path';
import type { Plugin } from 'vite';

export const VIEWER_LIB_ROUTE = '/nutrient-viewer-lib/';

// The SDK loads this probe from baseUrl: it only sets `window.usingDeprecatedAssets`, which makes
// the SDK warn "Copying assets from the npm package is deprecated". Assets served as the SDK's
// self-hosting guide asks do not set it: the dev server answers the probe with an empty script
// (a 404 would be a console error of its own) and the build copies an empty one.
const DEPRECATION_PROBE = 'npm-assets-deprecated.js';
const EMPTY_PROBE = '// Self-hosted assets: no deprecation flag.\n';

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm',
  '.json': 'application/json', '.woff': 'font/woff', '.woff2': 'font/woff2', '.ttf': 'font/ttf',
  '.png': 'image/png', '.svg': 'image/svg+xml', '.html': 'text/html',
};

export function viewerLibDir(): string {
  const entry = createRequire(import.meta.url).resolve('@nutrient-sdk/viewer');
  return join(dirname(entry), 'nutrient-viewer-lib');
}

/** Maps a request URL to a file inside `root`, or undefined (outside, missing, a directory). */
function fileFor(root: string, url: string): string | undefined {
  let relative: string;
  try {
    relative = decodeURIComponent(url.split('?')[0]!.slice(VIEWER_LIB_ROUTE.length));
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

export function viewerAssetsPlugin(): Plugin {
  const root = viewerLibDir();
  let outDir = '';
  return {
    name: 'nutrient-viewer-assets',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    configureServer(server) {
      server.middlewares.use((req: IncomingMessage, res: ServerResponse, next: () => void) => {
        if (!req.url?.startsWith(VIEWER_LIB_ROUTE)) return next();
        if (req.url.split('?')[0] === VIEWER_LIB_ROUTE + DEPRECATION_PROBE) {
          res.setHeader('Content-Type', 'text/javascript');
          return void res.end(EMPTY_PROBE);
        }
        const file = fileFor(root, req.url);
        if (!file) {
          res.statusCode = 404;
          return void res.end('Not found');
        }
        serveFile(file, res);
      });
    },
    async writeBundle() {
      const target = join(outDir, 'nutrient-viewer-lib');
      await cp(root, target, { recursive: true, filter: (source) => basename(source) !== DEPRECATION_PROBE });
      await writeFile(join(target, DEPRECATION_PROBE), EMPTY_PROBE);
    },
  };
}
