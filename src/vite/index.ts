// Vite plugin: serves the SDK's runtime files (node_modules/@nutrient-sdk/viewer/dist/nutrient-viewer-lib,
// ~150 MB) under `<base>nutrient-viewer-lib/`: straight from node_modules in dev (no copy on every
// start), copied into the build output on `vite build`. It tells the library where they are with a
// <meta name="nutrient-viewer-base-url"> in index.html, so the app passes no baseUrl.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { cp, writeFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { basename, dirname, extname, join, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Plugin } from 'vite';

const LIB = 'nutrient-viewer-lib/';
/** Keep in step with BASE_URL_META in src/assets.ts (this entry imports nothing from the browser side). */
const BASE_URL_META = 'nutrient-viewer-base-url';

// The SDK loads this probe from baseUrl; the npm package's copy only sets a flag that makes the SDK
// warn "Copying assets from the npm package is deprecated". Assets served as the SDK's self-hosting
// guide asks do not set it: we answer the probe with an empty script (a 404 would be a console
// error of its own) and the build writes an empty one.
const DEPRECATION_PROBE = 'npm-assets-deprecated.js';
const EMPTY_PROBE = '// Self-hosted assets: no deprecation flag.\n';

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm',
  '.json': 'application/json', '.woff': 'font/woff', '.woff2': 'font/woff2', '.ttf': 'font/ttf',
  '.png': 'image/png', '.svg': 'image/svg+xml', '.html': 'text/html',
};

/**
 * Options of {@link nutrientViewerAssets}; all optional.
 * @example nutrientViewerAssets({ libDir: 'vendor/nutrient-viewer-lib' })
 */
export interface NutrientViewerAssetsOptions {
  /**
   * The `nutrient-viewer-lib` folder to serve. Default: the one of the `@nutrient-sdk/viewer` your project resolves.
   * @example nutrientViewerAssets({ libDir: 'vendor/nutrient-viewer-lib' })
   */
  libDir?: string;
}

/**
 * The SDK's `nutrient-viewer-lib/` folder as the project at `root` resolves it.
 * @example viewerLibDir(process.cwd())
 */
export function viewerLibDir(root: string = process.cwd()): string {
  const from = [pathToFileURL(join(root, 'package.json')).href, import.meta.url];
  for (const base of from) {
    try {
      return join(dirname(createRequire(base).resolve('@nutrient-sdk/viewer')), 'nutrient-viewer-lib');
    } catch {
      // Try the next place.
    }
  }
  throw new Error('nutrient-viewer-session/vite: cannot find @nutrient-sdk/viewer; install it (npm install @nutrient-sdk/viewer)');
}

/** Maps a path below the route to a file inside `root`, or undefined (outside, missing, a directory). */
function fileFor(root: string, relativeUrl: string): string | undefined {
  let relative: string;
  try {
    relative = decodeURIComponent(relativeUrl.split('?')[0]!);
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

/**
 * Serves the files of `dir` at the URL path `prefix` (no listing, no `../`, 404 for the rest): what
 * the plugin does in dev, also usable for a second copy of the SDK (another version) at another path.
 *
 * @example
 * const older = serveFolder('/sdk/1.14.0/nutrient-viewer-lib/', '/path/to/node_modules/old-sdk/dist/nutrient-viewer-lib');
 * server.middlewares.use((req, res, next) => (older.matches(req.url ?? '') ? older.handle(req, res) : next()));
 */
export function serveFolder(prefix: string, dir: string) {
  return {
    /** Whether a request URL is below `prefix` (then `handle` answers it). */
    matches: (url: string) => url.startsWith(prefix),
    /** Answers with the file the URL names inside `dir`, or 404. */
    handle(req: IncomingMessage, res: ServerResponse): void {
      const file = fileFor(dir, (req.url ?? '').slice(prefix.length));
      if (!file) {
        res.statusCode = 404;
        res.setHeader('Content-Type', 'text/plain');
        return void res.end('Not found');
      }
      serveFile(file, res);
    },
  };
}

/**
 * Serves the Nutrient Web SDK's runtime files in dev, copies them into the build, and tells
 * `loadViewer` their `baseUrl` (a `<meta>` in index.html). Works with any `base`.
 *
 * @example
 * // vite.config.ts
 * import { defineConfig } from 'vite';
 * import { nutrientViewerAssets } from 'nutrient-viewer-session/vite';
 * export default defineConfig({ plugins: [nutrientViewerAssets()] });
 */
export function nutrientViewerAssets(options: NutrientViewerAssetsOptions = {}): Plugin {
  let libDir = '';
  let outDir = '';
  let base = '/';
  let ssr = false;
  return {
    name: 'nutrient-viewer-assets',
    configResolved(config) {
      libDir = options.libDir ? resolve(config.root, options.libDir) : viewerLibDir(config.root);
      if (!existsSync(libDir)) throw new Error(`nutrient-viewer-session/vite: no SDK assets at ${libDir}`);
      outDir = resolve(config.root, config.build.outDir);
      base = config.base || '/';
      ssr = Boolean(config.build.ssr);
    },
    configureServer(server) {
      const serveLib = (prefix: string) => serveFolder(prefix, libDir);
      const routes = [...new Set([`${base}${LIB}`, `/${LIB}`])].filter((route) => route.startsWith('/')).map(serveLib);
      server.middlewares.use((req: IncomingMessage, res: ServerResponse, next: () => void) => {
        const url = req.url ?? '';
        if (url.split('?')[0]!.endsWith(`${LIB}${DEPRECATION_PROBE}`)) {
          res.setHeader('Content-Type', 'text/javascript');
          return void res.end(EMPTY_PROBE);
        }
        const route = routes.find((candidate) => candidate.matches(url));
        if (!route) return next();
        route.handle(req, res);
      });
    },
    transformIndexHtml() {
      return [{ tag: 'meta', attrs: { name: BASE_URL_META, content: base }, injectTo: 'head' }];
    },
    async writeBundle() {
      if (ssr) return;
      await cp(libDir, join(outDir, LIB), { recursive: true, filter: (source) => basename(source) !== DEPRECATION_PROBE });
      await writeFile(join(outDir, LIB, DEPRECATION_PROBE), EMPTY_PROBE);
    },
  };
}
