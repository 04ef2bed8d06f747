// The stand-in plus a Vite dev server for bench/pages/, reusing the e2e harness's pieces:
// startStandIn (demo/server), the demo's Vite config (viewer assets at /nutrient-viewer-lib/, the SDK
// pre-bundled) with its /api proxy pointed at this stand-in, and the same Chromium launcher.
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { startStandIn, type StandIn, type StandInOptions } from '../demo/server/stand-in';
import { launchChromium } from '../test/e2e/support/chromium';
import { type DemoServer, startDemoServer } from '../test/e2e/support/demo-server';

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
  let pages: DemoServer | undefined;
  let browser: Browser | undefined;
  try {
    pages = await startDemoServer(standIn.controlUrl, { root: PAGES_DIR });
    browser = await launchChromium();
    const { origin } = pages;
    const openBrowser = browser;
    const openPages = pages;
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
        await openPages.close();
        await standIn.close();
      },
    };
  } catch (error) {
    await browser?.close();
    await pages?.close();
    await standIn.close();
    throw error;
  }
}
