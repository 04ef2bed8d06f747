// Vite config for the demo pages (root = demo/). Run from the repo root:
//   npx vite --config demo/vite.config.ts      (STANDIN_CONTROL_URL points the proxy elsewhere)
// Every *.html in demo/ is a page of the build.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { readBuildInfo } from './vite/build-info';
import { contractSdkAssetsPlugin } from './vite/contract-sdk-assets';
import { CONTRACT_SDKS, SWAP_SDKS } from './vite/sdk-versions';
import { standInProxy } from './vite/stand-in-proxy';
import { viewerAssetsPlugin } from './vite/viewer-assets-plugin';

const demoDir = fileURLToPath(new URL('.', import.meta.url));
const pages = Object.fromEntries(
  readdirSync(demoDir).filter((name) => name.endsWith('.html')).map((name) => [name.slice(0, -5), join(demoDir, name)]),
);

export default defineConfig({
  root: demoDir,
  cacheDir: join(demoDir, '../node_modules/.vite-demo'),
  plugins: [viewerAssetsPlugin(), contractSdkAssetsPlugin()],
  // The build under test, for the QA page's header and report (demo/app/build-label.ts).
  define: { __QA_BUILD__: JSON.stringify(readBuildInfo()) },
  server: { host: '127.0.0.1', port: 5173, proxy: standInProxy() },
  preview: { host: '127.0.0.1' },
  // Pre-bundle the 6 MB UMD bundle at start-up rather than on first import (avoids a reload);
  // also the older SDKs the contract page imports dynamically (found late, they forced a reload).
  optimizeDeps: { include: [...Object.values(CONTRACT_SDKS), ...Object.values(SWAP_SDKS)] },
  // The SDK alone is a 6 MB chunk; that is expected, not a warning.
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 8_000, rolldownOptions: { input: pages } },
});
