// The stand-in plus a Vite dev server for bench/pages/, reusing the e2e harness's pieces:
// startStandIn (demo/server), the demo's Vite config (viewer assets at /nutrient-viewer-lib/, the SDK
// pre-bundled) with its /api proxy pointed at this stand-in, and the same Chromium launcher.
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { createServer, type ViteDevServer } from 'vite';
import { startStandIn, type StandIn, type StandInOptions } from '../demo/server/stand-in';
import { standInProxy } from '../demo/vite/stand-in-proxy';
import { launchChromium } from '../test/e2e/support/chromium';
import { DEMO_VITE_CONFIG } from '../test/e2e/support/demo-server';

const PAGES_DIR = fileURLToPath(new URL('./pages/', import.meta.url));

export interface BenchHarness {
  standIn: StandIn;
  browser: Browser;
  origin: string;
  /** URL of bench/pages/viewer.html, pointed at this stand-in. */
  pageUrl(): string;
  close(): Promise<void>;
}

export async function startBenchHarness(options: StandInOptions = {}): Promise<BenchHarness> {
  const standIn = await startStandIn({ enginePort: 0, controlPort: 0, ...options });
  let vite: ViteDevServer | undefined;
  let browser: Browser | undefined;
  try {
    process.env.VITE_CONFIG_NATIVE_IGNORE_WARNING ??= 'true';
    vite = await createServer({
      configFile: DEMO_VITE_CONFIG,
      root: PAGES_DIR, // merged over the demo config: its plugins, proxy and SDK pre-bundling stay
      logLevel: 'warn',
      clearScreen: false,
      server: { port: 0, strictPort: false, proxy: standInProxy(standIn.controlUrl), watch: null, hmr: false },
    });
    await vite.listen();
    const address = vite.httpServer?.address();
    if (!address || typeof address === 'string') throw new Error('Vite dev server did not report a listening address');
    const origin = `http://127.0.0.1:${address.port}`;
    browser = await launchChromium();
    const openBrowser = browser;
    const openVite = vite;
    return {
      standIn,
      browser,
      origin,
      pageUrl() {
        const query = new URLSearchParams({ engineUrl: standIn.engineUrl, documentId: standIn.documentId });
        return `${origin}/viewer.html?${query}`;
      },
      async close() {
        await openBrowser.close();
        await openVite.close();
        await standIn.close();
      },
    };
  } catch (error) {
    await browser?.close();
    await vite?.close();
    await standIn.close();
    throw error;
  }
}
