// Starts the demo's Vite dev server (demo/vite.config.ts) programmatically: for `npm run demo`,
// the end-to-end harness and the benchmarks' pages.
import { fileURLToPath } from 'node:url';
import { createServer, type ProxyOptions, type ViteDevServer } from 'vite';

export const DEMO_VITE_CONFIG = fileURLToPath(new URL('../vite.config.ts', import.meta.url));

export class DevServerAddressError extends Error {
  constructor() {
    super('Vite dev server did not report a listening address');
    this.name = 'DevServerAddressError';
  }
}

export interface DevServerOptions {
  proxy: Record<string, ProxyOptions>;
  /** 0 = any free port; any other port must be free. */
  port?: number;
  /** Another folder of pages (the benchmarks') with the same plugins, proxy and pre-bundling. */
  root?: string;
  cacheDir?: string;
  /** For tests: warnings only, no file watching, no hot reload. */
  quiet?: boolean;
}

export interface DevServer { origin: string; vite: ViteDevServer; close(): Promise<void> }

export async function startDevServer({ proxy, port = 0, root, cacheDir, quiet = false }: DevServerOptions): Promise<DevServer> {
  // Vite 8 warns that extensionless imports in the config won't suit its future native loader;
  // tsconfig forbids '.ts' import suffixes and Node 20 cannot load .ts natively, so silence it.
  process.env.VITE_CONFIG_NATIVE_IGNORE_WARNING ??= 'true';
  const vite = await createServer({
    configFile: DEMO_VITE_CONFIG,
    ...(root && { root }),
    ...(cacheDir && { cacheDir }),
    clearScreen: false,
    ...(quiet && { logLevel: 'warn' as const }),
    // Inline config is merged over the file's.
    server: { port, strictPort: port !== 0, proxy, ...(quiet && { watch: null, hmr: false }) },
  });
  try {
    await vite.listen();
    const address = vite.httpServer?.address();
    if (!address || typeof address === 'string') throw new DevServerAddressError();
    return { origin: `http://127.0.0.1:${address.port}`, vite, close: () => vite.close() };
  } catch (error) {
    await vite.close();
    throw error;
  }
}
