// Headline 3: cold start on a throttled network (20 Mbit/s, 40 ms each way), navigation to the
// first page tile the viewer gets (200), in Chromium with a cold cache, ours vs the guide's code
// written as a page that cares would (token and SDK requested together) vs the true floor (the
// token already in the HTML: only the SDK's download, evaluation and load() remain), at two
// token-endpoint latencies. Also the bytes and sequential round trips on the critical path to the
// first tile, from Chromium's network events. Pages from bench/consumer-build.ts's production build.
import type { Browser, CDPSession } from 'playwright-core';
import type { StandIn } from '../demo/server/stand-in';
import type { BenchHarness } from './browser-harness.js';
import { PAGES, type ConsumerPage } from './consumer-build.js';
import { judgeRatio, kb, median, ms, pairedRatio, ratioWithCi, summarize, type Result, type Row } from './stats.js';

/** The throttled network: 20 Mbit/s down and up, 40 ms added latency per request (CDP's model). */
export const NETWORK = { offline: false, latency: 40, downloadThroughput: 20e6 / 8, uploadThroughput: 20e6 / 8 };
const TILE = /\/page-\d+-dimensions-\d+-\d+-tile-/;

interface Load {
  /** Navigation start to the first tile answered 200 at the stand-in (ms, the stand-in's clock). */
  firstTile: number;
  /** load() resolved, performance.now() in the page (ms since navigation start). */
  loaded: number;
  /** Bytes on the wire (headers + body, as Chromium counts them) of the requests finished before the first tile was requested. */
  criticalBytes: number;
  /** The longest chain of requests, each sent after the one before it finished, ending with the first tile request. */
  roundTrips: number;
  requests: number;
}

interface Request { url: string; sent: number; done?: number; bytes: number }

function watchNetwork(cdp: CDPSession): Map<string, Request> {
  const requests = new Map<string, Request>();
  cdp.on('Network.requestWillBeSent', (event: { requestId: string; timestamp: number; request: { url: string } }) => {
    requests.set(event.requestId, { url: event.request.url, sent: event.timestamp, bytes: 0 });
  });
  cdp.on('Network.loadingFinished', (event: { requestId: string; timestamp: number; encodedDataLength: number }) => {
    const request = requests.get(event.requestId);
    if (request) Object.assign(request, { done: event.timestamp, bytes: event.encodedDataLength });
  });
  return requests;
}

/** Bytes and round trips before the first tile request: what stands between navigation and the first page. */
export function criticalPath(requests: readonly Request[]): Pick<Load, 'criticalBytes' | 'roundTrips' | 'requests'> {
  const tile = requests.filter((r) => TILE.test(r.url)).sort((a, b) => a.sent - b.sent)[0];
  if (!tile) return { criticalBytes: Number.NaN, roundTrips: Number.NaN, requests: 0 };
  const before = requests.filter((r) => r.done !== undefined && r.done <= tile.sent).sort((a, b) => a.sent - b.sent);
  const depth = new Map<Request, number>();
  const chain = (request: Request) =>
    1 + Math.max(0, ...before.filter((r) => r.done! <= request.sent && r !== request).map((r) => depth.get(r) ?? 0));
  for (const request of before) depth.set(request, chain(request));
  return { criticalBytes: before.reduce((total, r) => total + r.bytes, 0), roundTrips: chain(tile), requests: before.length };
}

async function coldLoad(browser: Browser, standIn: StandIn, url: string): Promise<Load> {
  const context = await browser.newContext({ viewport: { width: 1000, height: 800 } }); // a fresh profile: cold cache
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    const requests = watchNetwork(cdp);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', NETWORK);
    const since = standIn.log.lastSeq;
    const start = Date.now();
    await page.goto(url);
    const tile = await standIn.log.waitFor({ since, kind: 'tile', status: 200 }, 90_000);
    await page.waitForFunction(() => (window as { __loadedAt?: number }).__loadedAt !== undefined, undefined, { timeout: 90_000 });
    const loaded = (await page.evaluate('window.__loadedAt')) as number;
    return { firstTile: tile.time - start, loaded, ...criticalPath([...requests.values()]) };
  } finally {
    await context.close();
  }
}

export async function coldStart(harness: BenchHarness, { rounds = 6, latencies = [50, 300] } = {}): Promise<Result> {
  const { browser, standIn } = harness;
  const url = (page: ConsumerPage) => harness.pageUrl(page);
  const rows: Row[] = [];
  const details: string[] = [];
  const sizes: number[] = [];
  try {
    await coldLoad(browser, standIn, url('guide')); // warm-up: the server's gzip cache and the stand-in's tile renders
    for (const latency of latencies) {
      standIn.faults.setLatency({ tokenMs: latency });
      const loads: Record<ConsumerPage, Load[]> = { ours: [], guide: [], floor: [] };
      for (let round = 0; round < rounds; round++) {
        const order = PAGES.map((_, i) => PAGES[(i + round) % PAGES.length]!); // rotate who goes first
        for (const page of order) loads[page].push(await coldLoad(browser, standIn, url(page)));
      }
      const of = (page: ConsumerPage, key: keyof Load) => loads[page].map((l) => l[key]);
      const [o, g, f] = PAGES.map((page) => summarize(of(page, 'firstTile')));
      const toGuide = pairedRatio(of('ours', 'firstTile'), of('guide', 'firstTile'));
      const toFloor = pairedRatio(of('ours', 'firstTile'), of('floor', 'firstTile'));
      sizes.push(toGuide.ratios.length);
      rows.push({
        metric: `cold start to first page tile, 20 Mbit/s + 40 ms, token endpoint ${latency} ms (median / p95)`,
        ours: `${ms(o!.median, 0)} / ${ms(o!.p95, 0)}`,
        guide: `${ms(g!.median, 0)} / ${ms(g!.p95, 0)} (token and SDK together)`,
        floor: `${ms(f!.median, 0)} / ${ms(f!.p95, 0)} (token in the HTML)`,
        compare: `ours/guide ${ratioWithCi(toGuide.median, toGuide.ci)}; ours/floor ${ratioWithCi(toFloor.median, toFloor.ci)}`,
        target: 'ours/guide ≤ 1',
        verdict: judgeRatio(toGuide.ci, 1),
      });
      const path = (page: ConsumerPage) => `${kb(median(of(page, 'criticalBytes')), 1)}, ${median(of(page, 'roundTrips'))} round trips`;
      rows.push({
        metric: `bytes on the wire and sequential round trips before the first tile request, token endpoint ${latency} ms (median)`,
        ours: path('ours'),
        guide: path('guide'),
        floor: path('floor'),
        compare: `ours − guide ${kb(median(of('ours', 'criticalBytes')) - median(of('guide', 'criticalBytes')), 1)}`,
        target: '(reported)',
        verdict: { kind: 'info' },
      });
      const marks = (page: ConsumerPage) =>
        `load() resolved ${ms(median(of(page, 'loaded')), 0)}, ${median(of(page, 'requests'))} requests before the first tile`;
      details.push(`Token endpoint ${latency} ms, medians since navigation start: ours ${marks('ours')}; guide ${marks('guide')}; floor ${marks('floor')}.`);
    }
  } finally {
    standIn.faults.setLatency({ tokenMs: 0 });
  }
  return {
    number: '3',
    title: 'Cold start on a throttled network: navigation to the first rendered page, Chromium',
    rows,
    sampleSizes: sizes,
    notes: [
      `What it measures: the time from \`page.goto\` to the first tile the stand-in answers 200 (the first page's image on its way ` +
        `to the screen), both on the Node side, with Chromium's network throttled to 20 Mbit/s and 40 ms per request (CDP ` +
        `\`Network.emulateNetworkConditions\`), each load in a new browser context (an empty cache). The production builds of ` +
        `bench/consumer/ (headline 4) are served by a plain static server (bench/static-server.ts: gzip as any production server ` +
        `sends it, the SDK's assets at /nutrient-viewer-lib/, /api/token passed to the stand-in's token endpoint, whose latency ` +
        `is set per row). ${rounds} rounds per latency, the three pages in rotating order within a round, after one warm-up load.`,
      `Against what, and why that is fair: ours = \`loadViewer\` as the README shows (its first chunk imports the session code ` +
        `and the SDK together and requests the token once the session code is there). Guide = the guide's code as a page that ` +
        `cares would write it: the SDK by \`import()\` and the token requested at the same time (Nutrient's snippet prescribes no ` +
        `order, so no serial page of our own making). Floor = the same with the token already in the HTML (rendered by the ` +
        `server): SDK download, evaluation and load() only. Ratio: median of per-round ratios with its order-statistic interval.`,
      `Critical path: from Chromium's network events, the requests that finished before the first tile was requested, their ` +
        `bytes on the wire (\`encodedDataLength\`: headers and gzip'd bodies) and the longest chain of them each sent after the ` +
        `one before it finished (the tile request included). Ours has one more link than the guide: its session chunk (ky, ` +
        `p-retry, jose) before the token request.`,
      ...details,
    ],
  };
}
