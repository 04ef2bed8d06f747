// In dev, the older SDKs installed under npm aliases (./sdk-versions) are served at
// /sdk/<version>/nutrient-viewer-lib/ for the contract page (its baseUrl is origin + '/sdk/<version>/').
// The main version's assets come from the package's own plugin.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Plugin } from 'vite';
import { serveFolder } from '../../src/vite/index';
import { CONTRACT_SDK_VERSIONS, CONTRACT_SDKS, DEFAULT_CONTRACT_SDK, sdkAssetsRoute } from './sdk-versions';

function libDirOf(packageName: string): string {
  return join(dirname(createRequire(import.meta.url).resolve(packageName)), 'nutrient-viewer-lib');
}

export function contractSdkAssetsPlugin(): Plugin {
  const folders = CONTRACT_SDK_VERSIONS.filter((version) => version !== DEFAULT_CONTRACT_SDK).map((version) =>
    serveFolder(`${sdkAssetsRoute(version)}nutrient-viewer-lib/`, libDirOf(CONTRACT_SDKS[version])),
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
