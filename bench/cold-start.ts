// Headline 3: cold start, navigation to the first page tile the viewer gets (200), in Chromium with a
// cold cache, ours vs the guide's code vs the floor (token and SDK fetched together), at several
// token-endpoint latencies. Pages from bench/consumer-build.ts's production build.
import type { Browser } from 'playwright-core';
import type { StandIn } from '../demo/server/stand-in';
import type { BenchHarness } from './browser-harness.js';
import { PAGES, type ConsumerPage } from './consumer-build.js';
import { judgeAtMost, judgeBelow, ms, pairedRatio, ratioWithCi, summarize, type Result, type Row } from './stats.js';

interface Load {
  /** Navigation start to the first tile answered 200 at the stand-in (ms, the stand-in's clock). */
  firstTile: number;
  /** load() resolved, performance.now() in the page (ms since navigation start). */
  loaded: number;
  /** When the token's and the SDK chunk's responses ended (ms since navigation start). */
  tokenEnd: number;
  sdkEnd: number;
}

async function coldLoad(browser: Browser, standIn: StandIn, url: string): Promise<Load> {
  const context = await browser.newContext({ viewport: { width: 1000, height: 800 } }); // a fresh profile: cold cache
  try {
    const page = await context.newPage();
    const since = standIn.log.lastSeq;
    const start = Date.now();
    await page.goto(url);
    const tile = await standIn.log.waitFor({ since, kind: 'tile', status: 200 }, 60_000);
    await page.waitForFunction(() => (window as { __loadedAt?: number }).__loadedAt !== undefined, undefined, { timeout: 60_000 });
    // A string, not a function: tsx's helpers (__name) do not exist in the page.
    const marks = (await page.evaluate(`(() => {
      const entries = performance.getEntriesByType('resource');
      const end = (match) => Math.max(0, ...entries.filter((e) => match(e.name)).map((e) => e.responseEnd));
      return {
        loaded: window.__loadedAt,
        tokenEnd: end((name) => name.includes('/api/token')),
        sdkEnd: end((name) => /nutrient-viewer[^/]*\\.js/.test(name) && !name.includes('nutrient-viewer-lib')),
      };
    })()`)) as Omit<Load, 'firstTile'>;
    return { firstTile: tile.time - start, ...marks };
  } finally {
    await context.close();
  }
}

export async function coldStart(harness: BenchHarness, { rounds = 4, latencies = [0, 50, 300] } = {}): Promise<Result> {
  const { browser, standIn } = harness;
  const url = (page: ConsumerPage) => harness.pageUrl(page);
  const rows: Row[] = [];
  const details: string[] = [];
  try {
    await coldLoad(browser, standIn, url('guide')); // warm-up: the server's disk cache and the stand-in's tile renders
    for (const latency of latencies) {
      standIn.faults.setLatency({ tokenMs: latency });
      const loads: Record<ConsumerPage, Load[]> = { ours: [], guide: [], floor: [] };
      for (let round = 0; round < rounds; round++) {
        const order = PAGES.map((_, i) => PAGES[(i + round) % PAGES.length]!); // rotate who goes first
        for (const page of order) loads[page].push(await coldLoad(browser, standIn, url(page)));
      }
      const first = (page: ConsumerPage) => loads[page].map((l) => l.firstTile);
      const [o, g, f] = [summarize(first('ours')), summarize(first('guide')), summarize(first('floor'))];
      const paired = pairedRatio(first('ours'), first('guide'));
      const toFloor = pairedRatio(first('ours'), first('floor'));
      rows.push({
        metric: `cold start to first page tile, token endpoint ${latency} ms (median / p95)`,
        ours: `${ms(o.median, 0)} / ${ms(o.p95, 0)}`,
        guide: `${ms(g.median, 0)} / ${ms(g.p95, 0)}`,
        floor: `${ms(f.median, 0)} / ${ms(f.p95, 0)}`,
        compare: `ours/guide ${ratioWithCi(paired.median, paired.ci)}; ours/floor ${ratioWithCi(toFloor.median, toFloor.ci)}`,
        target: latency === 0 ? 'ours/guide ≤ 1' : 'ours/guide < 1',
        verdict: latency === 0 ? judgeAtMost(paired.ci, 1) : judgeBelow(paired.ci, 1),
      });
      const overlap = (page: ConsumerPage) => {
        const l = loads[page];
        const median = (values: number[]) => summarize(values).median;
        return `token done ${ms(median(l.map((x) => x.tokenEnd)), 0)}, SDK chunk done ${ms(median(l.map((x) => x.sdkEnd)), 0)}, load() resolved ${ms(median(l.map((x) => x.loaded)), 0)}`;
      };
      details.push(`Token endpoint ${latency} ms, medians since navigation start: ours ${overlap('ours')}; guide ${overlap('guide')}; floor ${overlap('floor')}.`);
    }
  } finally {
    standIn.faults.setLatency({ tokenMs: 0 });
  }
  return {
    number: '3',
    title: 'Cold start: navigation to the first rendered page, Chromium',
    rows,
    notes: [
      `The production builds of bench/consumer/ (headline 4) served by a plain static server (bench/static-server.ts: the ` +
        `build, the SDK's assets at /nutrient-viewer-lib/, /api/token passed to the stand-in's token endpoint, whose latency ` +
        `is set per row). Each load is a new browser context (an empty cache, so the SDK chunk and its assets come from the ` +
        `network); ${rounds} rounds per latency, the three pages in rotating order within a round, after one warm-up load. ` +
        `Timed from \`page.goto\` to the first tile the stand-in answers 200 (the first page's image on its way to the screen), ` +
        `both on the Node side. Ours = \`loadViewer\` (the session code and the SDK imported together, the token as soon as the session code is there, then load()); guide = ` +
        `\`import()\`, then the token, then load(); floor = the guide with the token and the SDK fetched together. Ratio: ` +
        `median of per-round ratios with its 95% bootstrap interval.`,
      ...details,
    ],
  };
}
