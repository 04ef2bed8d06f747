// One call for browser tests: a stand-in (random ports, temp data dir) plus the demo's Vite dev
// server proxying /api and /admin to it. Close it in afterAll.
import { startStandIn, type StandIn, type StandInOptions } from '../../../demo/server/stand-in';
import { type DemoServer, startDemoServer } from './demo-server';

export interface Harness {
  standIn: StandIn;
  demo: DemoServer;
  /** Origin of the pages, e.g. http://127.0.0.1:PORT (serves demo/*.html and /nutrient-viewer-lib/). */
  pageOrigin: string;
  /** URL of demo/contract.html pointed at this harness's engine and document. */
  contractPageUrl(): string;
  close(): Promise<void>;
}

export async function startHarness(options: StandInOptions = {}): Promise<Harness> {
  const standIn = await startStandIn({ enginePort: 0, controlPort: 0, ...options });
  let demo: DemoServer;
  try {
    demo = await startDemoServer(standIn.controlUrl);
  } catch (error) {
    await standIn.close();
    throw error;
  }
  return {
    standIn,
    demo,
    pageOrigin: demo.origin,
    contractPageUrl() {
      const query = new URLSearchParams({ engineUrl: standIn.engineUrl, documentId: standIn.documentId });
      return `${demo.origin}/contract.html?${query}`;
    },
    async close() {
      await demo.close();
      await standIn.close();
    },
  };
}
