// In dev, the older SDKs installed under npm aliases (./sdk-versions) are served at
// /sdk/<version>/nutrient-viewer-lib/ for the contract and swap pages (their baseUrl is origin + '/sdk/<version>/').
// The main version's assets come from the package's own plugin.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Plugin } from 'vite';
import { serveFolder } from '../../src/vite/index';
import { ALIASED_SDKS, sdkAssetsRoute, type ContractSdkVersion } from './sdk-versions';

function libDirOf(packageName: string): string {
  return join(dirname(createRequire(import.meta.url).resolve(packageName)), 'nutrient-viewer-lib');
}

export function contractSdkAssetsPlugin(): Plugin {
  const folders = Object.entries(ALIASED_SDKS).map(([version, packageName]) =>
    serveFolder(`${sdkAssetsRoute(version as ContractSdkVersion)}nutrient-viewer-lib/`, libDirOf(packageName)),
  );
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
