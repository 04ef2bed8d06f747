// The demo's Vite dev server on a random port, with its /api and /admin proxy pointed at a given
// control server (a test's own stand-in).
import { fileURLToPath } from 'node:url';
import { type DevServer, startDevServer } from '../../../demo/vite/dev-server';
import { standInProxy } from '../../../demo/vite/stand-in-proxy';

export type DemoServer = DevServer;

/**
 * Where the end-to-end dev servers keep their pre-bundled dependencies: in this checkout, not in
 * node_modules. Vite keys the cache on the pages' folder, so checkouts (git worktrees) that share one
 * node_modules would otherwise rebuild it under each other's running tests.
 */
export const E2E_CACHE_DIR = fileURLToPath(new URL('../../../.vite-e2e', import.meta.url));

/** `root` serves another folder of pages (the benchmarks') with the same plugins, proxy and pre-bundling. */
export function startDemoServer(controlUrl: string, { root }: { root?: string } = {}): Promise<DemoServer> {
  return startDevServer({ proxy: standInProxy(controlUrl), root, quiet: true, ...(!root && { cacheDir: E2E_CACHE_DIR }) });
}
