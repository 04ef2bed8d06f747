// In dev, the older SDKs installed under npm aliases (./sdk-versions) are served at
// /sdk/<version>/nutrient-viewer-lib/ for the contract and swap pages (their baseUrl is origin + '/sdk/<version>/').
// The main version's assets come from the package's own plugin.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Plugin } from 'vite';
import { serveFolder } from '../../src/vite/index';
import { ALIASED_SDKS, sdkAssetsRoute, type ContractSdkVersion } from './sdk-versions';

/** The package's asset folder: `nutrient-viewer-lib`, or `pspdfkit-lib` in the legacy package. */
function libOf(packageName: string): { name: string; dir: string } {
  const dist = dirname(createRequire(import.meta.url).resolve(packageName));
  const name = existsSync(join(dist, 'nutrient-viewer-lib')) ? 'nutrient-viewer-lib' : 'pspdfkit-lib';
  return { name, dir: join(dist, name) };
}

export function contractSdkAssetsPlugin(): Plugin {
  const folders = Object.entries(ALIASED_SDKS).map(([version, packageName]) => {
    const lib = libOf(packageName);
    return serveFolder(`${sdkAssetsRoute(version as ContractSdkVersion)}${lib.name}/`, lib.dir);
  });
  return {
    name: 'nutrient-contract-sdk-assets',
    apply: 'serve',
    configureServer(server) {
      server.middlewares.use((req: IncomingMessage, res: ServerResponse, next: () => void) => {
        const folder = folders.find((candidate) => candidate.matches(req.url ?? ''));
        if (!folder) return next();
        folder.handle(req, res);
      });
    },
  };
}
