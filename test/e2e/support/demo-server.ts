// Starts the demo's Vite dev server (demo/vite.config.ts) on a random port, with its /api and
// /admin proxy pointed at a given control server.
import { fileURLToPath } from 'node:url';
import { createServer, type ViteDevServer } from 'vite';
import { standInProxy } from '../../../demo/vite/stand-in-proxy';

export const DEMO_VITE_CONFIG = fileURLToPath(new URL('../../../demo/vite.config.ts', import.meta.url));

export class DemoServerAddressError extends Error {
  constructor() {
    super('Vite dev server did not report a listening address');
    this.name = 'DemoServerAddressError';
  }
}

export interface DemoServer { origin: string; vite: ViteDevServer; close(): Promise<void> }

/** `root` serves another folder of pages (the benchmarks') with the same plugins, proxy and pre-bundling. */
export async function startDemoServer(controlUrl: string, { root }: { root?: string } = {}): Promise<DemoServer> {
  // Vite 8 warns that extensionless imports in the config won't suit its future native loader;
  // tsconfig forbids '.ts' import suffixes and Node 20 cannot load .ts natively, so silence it.
  process.env.VITE_CONFIG_NATIVE_IGNORE_WARNING ??= 'true';
  const vite = await createServer({
    configFile: DEMO_VITE_CONFIG,
    ...(root && { root }),
    logLevel: 'warn',
    clearScreen: false,
    // Inline config is merged over the file: same routes, proxied to this test's stand-in.
    server: { port: 0, strictPort: false, proxy: standInProxy(controlUrl), watch: null, hmr: false },
  });
  try {
    await vite.listen();
  } catch (error) {
    await vite.close();
    throw error;
  }
  const address = vite.httpServer?.address();
  if (!address || typeof address === 'string') {
    await vite.close();
    throw new DemoServerAddressError();
  }
  return { origin: `http://127.0.0.1:${address.port}`, vite, close: () => vite.close() };
}
