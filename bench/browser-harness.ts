// What the browser benchmarks share: the stand-in (1-hour tokens by default), the production build
// of the bench pages (bench/consumer-build.ts) served by a plain static server, and Chromium.
import type { Browser } from 'playwright-core';
import { startStandIn, type StandIn, type StandInOptions } from '../demo/server/stand-in';
import { launchChromium } from '../test/e2e/support/chromium';
import type { ConsumerPage } from './consumer-build.js';
import { startStaticServer, type StaticServer } from './static-server.js';

export interface BenchHarness {
  standIn: StandIn;
  browser: Browser;
  /** URL of a built page (`viewer` = bench/pages/viewer.html), pointed at this stand-in. */
  pageUrl(page: ConsumerPage | 'viewer'): string;
  close(): Promise<void>;
}

export async function startBenchHarness(buildDir: string, options: StandInOptions = {}): Promise<BenchHarness> {
  const standIn = await startStandIn({ enginePort: 0, controlPort: 0, ...options });
  let server: StaticServer | undefined;
  let browser: Browser | undefined;
  try {
    server = await startStaticServer(buildDir, standIn.tokenUrl);
    browser = await launchChromium();
    const { origin } = server;
    const query = new URLSearchParams({ engineUrl: standIn.engineUrl, documentId: standIn.documentId });
    const [openBrowser, openServer] = [browser, server];
    return {
      standIn,
      browser,
      pageUrl: (page) => `${origin}/${page}/${page}.html?${query}`,
      async close() {
        await openBrowser.close();
        await openServer.close();
        await standIn.close();
      },
    };
  } catch (error) {
    await browser?.close();
    await server?.close();
    await standIn.close();
    throw error;
  }
}
