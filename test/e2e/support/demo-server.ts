// The demo's Vite dev server on a random port, with its /api and /admin proxy pointed at a given
// control server (a test's own stand-in).
import { type DevServer, startDevServer } from '../../../demo/vite/dev-server';
import { standInProxy } from '../../../demo/vite/stand-in-proxy';

export type DemoServer = DevServer;

/** `root` serves another folder of pages (the benchmarks') with the same plugins, proxy and pre-bundling. */
export function startDemoServer(controlUrl: string, { root }: { root?: string } = {}): Promise<DemoServer> {
  return startDevServer({ proxy: standInProxy(controlUrl), root, quiet: true });
}
