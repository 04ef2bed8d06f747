// A production build of demo/swap-e2e.html (the page the swap e2e drives) for the hand-over rows
// (bench/swap-cost.ts): `vite build`, minified, as an app ships it, not the demo's dev server. The
// older SDKs' runtime assets are served from their npm-alias packages at /sdk/<version>/<lib>/, as
// the page's baseUrl expects; the main SDK's at /nutrient-viewer-lib/ (bench/static-server.ts).
import { existsSync, mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { SWAP_SDKS, sdkAssetsRoute } from '../demo/vite/sdk-versions';
import type { ExtraRoute } from './static-server.js';

const DEMO_DIR = fileURLToPath(new URL('../demo/', import.meta.url));

/** Builds demo/swap-e2e.html into a temp folder; returns it (the caller removes it). */
export async function buildSwapPage(): Promise<string> {
  process.env.VITE_CONFIG_NATIVE_IGNORE_WARNING ??= 'true';
  const outDir = mkdtempSync(join(tmpdir(), 'bench-swap-page-'));
  await build({
    configFile: false,
    root: DEMO_DIR,
    base: './',
    logLevel: 'error',
    build: {
      outDir,
      emptyOutDir: true,
      target: 'es2022',
      chunkSizeWarningLimit: 8_000,
      rolldownOptions: { input: join(DEMO_DIR, 'swap-e2e.html'), checks: { pluginTimings: false } },
    },
  });
  return outDir;
}

/** The old SDKs' asset folders (`nutrient-viewer-lib`, or `pspdfkit-lib` in the legacy package). */
export function oldSdkRoutes(): ExtraRoute[] {
  return Object.entries(SWAP_SDKS).map(([version, packageName]) => {
    const dist = dirname(createRequire(import.meta.url).resolve(packageName));
    const name = existsSync(join(dist, 'nutrient-viewer-lib')) ? 'nutrient-viewer-lib' : 'pspdfkit-lib';
    return { prefix: `${sdkAssetsRoute(version as keyof typeof SWAP_SDKS)}${name}/`, dir: join(dist, name) };
  });
}
