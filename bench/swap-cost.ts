// Headline 7 (issues 13, 22 item 11, 23 item 3): what a renewal costs the user on SDKs without
// setSession, measured as the user feels it: while the user scrolls and presses on the page (so the
// swap waits or starts over), per hand-over, on a production build of demo/swap-e2e.html, on both
// old SDKs (@nutrient-sdk/viewer 1.12.0, pspdfkit 2024.8.2): blank time on screen, blocking time
// (main-thread time beyond 50 ms per long task), their union (the time the user could not interact;
// a long task inside a blank spell counts once) and the longest single task. Ours (swap, reload)
// against the older guide's hand-written reload on the same SDK; setSession on 1.22.0 is the floor.
// Row 7c: the same hand-over on a large document (240 pages): the longest frozen frame (the longest
// gap between animation frames) and the renderer process's peak memory above its level before.
import { readFileSync, rmSync } from 'node:fs';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { startStandIn, type StandIn } from '../demo/server/stand-in';
import { NEEDS_INSTANT, SWAP_SDK_VERSIONS } from '../demo/vite/sdk-versions';
import { launchChromium } from '../test/e2e/support/chromium';
import { handOverCost, type Frame, type HandOverCost, type Task } from './frame-costs.js';
import { writeLargePdf } from './large-pdf.js';
import { info, judgeRatio, median, ms, pairedRatio, ratioWithCi, type Result, type Row } from './stats.js';
import { buildSwapPage, oldSdkRoutes } from './swap-page-build.js';
import { startStaticServer, type StaticServer } from './static-server.js';

type Method = 'swap' | 'reload' | 'guide' | 'setSession';
interface PageKey { sdk: string; method: Method }

/** A hand-over that has not finished after this long is counted as stalled and its page reopened. */
const STALL_MS = 60_000;
/** The active user scrolls and presses for this long from the start of each hand-over, then stops. */
const ACTIVE_MS = 1_500;
const LARGE_PAGES = 240;

/**
 * Installed before the page's scripts: records every animation frame (time, and whether the viewer on
 * top shows a drawn page, the rule of demo/swap-e2e.ts) and every long task while recording. A string:
 * tsx's helpers do not exist in the page.
 */
const RECORDER = `(() => {
  const rec = { on: false, from: 0, frames: [], tasks: [] };
  window.__cost = rec;
  const drawn = () => {
    const slots = [...document.querySelectorAll('#viewer > [data-viewer-slot]')];
    const top = slots.length > 0 ? slots.find((slot) => !slot.inert) : document.querySelector('#viewer');
    const container = top ? top.querySelector('.PSPDFKit-Container') : null;
    const root = container ? container.shadowRoot : null;
    const images = root ? [...root.querySelectorAll('.PSPDFKit-Page img')] : [];
    return images.some((image) => image.complete && image.naturalWidth > 0);
  };
  const frame = (at) => {
    if (rec.on) rec.frames.push({ at, drawn: drawn() });
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) rec.tasks.push({ start: entry.startTime, duration: entry.duration });
  }).observe({ type: 'longtask' });
  rec.start = () => { rec.frames = []; rec.tasks = []; rec.on = true; rec.from = performance.now(); return rec.from; };
  rec.stop = () => { rec.on = false; return { from: rec.from, to: performance.now(), frames: rec.frames, tasks: rec.tasks.filter((t) => t.start >= rec.from) }; };
})();`;

declare global {
  interface Window {
    __cost?: { start(): number; stop(): { from: number; to: number; frames: Frame[]; tasks: Task[] } };
  }
}

const sleep = (msToWait: number) => new Promise((resolve) => setTimeout(resolve, msToWait));

interface Served {
  standIn: StandIn;
  server: StaticServer;
}

async function serve(buildDir: string, pdfPath?: string): Promise<Served> {
  const standIn = await startStandIn({ enginePort: 0, controlPort: 0, tokenLifetimeSec: 3600, ...(pdfPath && { pdfPath }) });
  try {
    return { standIn, server: await startStaticServer(buildDir, standIn.tokenUrl, oldSdkRoutes()) };
  } catch (error) {
    await standIn.close();
    throw error;
  }
}

/** One page (in its own browser context, so its own renderer) with one viewer, loaded and drawn. */
async function openPage(browser: Browser, served: Served, { sdk, method }: PageKey): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1000, height: 800 } });
  const page = await context.newPage();
  await page.addInitScript(RECORDER);
  const query = new URLSearchParams({
    sdk: method === 'setSession' ? '1.22.0' : sdk,
    method: method === 'setSession' ? 'auto' : method,
    instant: NEEDS_INSTANT.includes(sdk) ? '1' : '0',
    engine: served.standIn.engineUrl,
    document: served.standIn.documentId,
  });
  await page.goto(`${served.server.origin}/swap-e2e.html?${query}`, { timeout: 180_000, waitUntil: 'domcontentloaded' });
  await page.waitForFunction(() => window.__swap?.status !== 'loading', undefined, { timeout: 180_000 });
  const status = await page.evaluate(() => [window.__swap!.status, window.__swap!.loadError]);
  if (status[0] !== 'loaded') throw new Error(`${sdk} ${method} page: ${status[1]}`);
  return page;
}

/**
 * The active user: from the start of the hand-over, wheel steps over the viewer every 150 ms and
 * every third step a press, a short drag and a release (text selection in the default tool), for
 * ACTIVE_MS; then hands off. The swap sees view changes and a held pointer: it waits or starts over.
 */
async function activeUser(page: Page, finished: () => boolean): Promise<void> {
  const started = Date.now();
  await page.mouse.move(500, 400);
  for (let step = 0; !finished() && Date.now() - started < ACTIVE_MS; step++) {
    await page.mouse.wheel(0, step % 4 < 2 ? 240 : -240);
    if (step % 3 === 2) {
      await page.mouse.down();
      await page.mouse.move(540, 420, { steps: 3 });
      await sleep(120);
      await page.mouse.up();
      await page.mouse.move(500, 400);
    }
    await sleep(150);
  }
}

/** Linux: a process's resident memory (VmRSS), bytes. */
function rssOf(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) * 1024 : Number.NaN;
}

/** The renderer process of `page`: the one whose CPU time grows while the page spins for 300 ms. */
async function rendererOf(browserCdp: CDPSession, page: Page): Promise<number> {
  const cpu = async () => {
    const { processInfo } = (await browserCdp.send('SystemInfo.getProcessInfo')) as { processInfo: { type: string; id: number; cpuTime: number }[] };
    return new Map(processInfo.filter((p) => p.type === 'renderer').map((p) => [p.id, p.cpuTime]));
  };
  const before = await cpu();
  await page.evaluate(() => {
    const until = performance.now() + 300;
    while (performance.now() < until) {
      /* spin */
    }
  });
  const after = await cpu();
  let best = -1;
  let most = -Infinity;
  for (const [pid, time] of after) {
    const grew = time - (before.get(pid) ?? 0);
    if (grew > most) [best, most] = [pid, grew];
  }
  return best;
}

interface Sample extends HandOverCost {
  peakRssAbove?: number;
}

/** One hand-over with the active user; undefined when it stalled (not done within STALL_MS). */
async function handOver(page: Page, { pid, cdp }: { pid?: number; cdp?: CDPSession } = {}): Promise<Sample | undefined> {
  let before = Number.NaN;
  if (pid !== undefined && cdp) {
    await cdp.send('HeapProfiler.collectGarbage');
    await sleep(200);
    before = rssOf(pid);
  }
  let peak = before;
  let done = false;
  const sampler = (async () => {
    while (pid !== undefined && !done) {
      peak = Math.max(peak, rssOf(pid));
      await sleep(50);
    }
  })();
  await page.evaluate(() => window.__cost!.start());
  const finished = page.evaluate(() => window.__swap!.handOver()).then(() => true);
  const user = activeUser(page, () => done);
  const outcome = await Promise.race([finished, sleep(STALL_MS).then(() => false)]);
  done = true;
  await user;
  await sampler;
  if (!outcome) return undefined;
  const recording = await page.evaluate(() => window.__cost!.stop());
  return { ...handOverCost(recording), ...(pid !== undefined && { peakRssAbove: peak - before }) };
}

const spread = (values: number[], format: (value: number) => string) =>
  values.length ? `${format(median(values))} [${format(Math.min(...values))}, ${format(Math.max(...values))}]` : '—';
const mb = (value: number) => `${(value / 2 ** 20).toFixed(0)} MB`;
const keyOf = ({ sdk, method }: PageKey) => `${sdk} ${method}`;

/** Rounds of hand-overs over `keys`, in rotating order; a stalled page is reopened. */
async function rounds(
  browser: Browser,
  served: Served,
  keys: PageKey[],
  { rounds: count, warmup, memory = false }: { rounds: number; warmup: number; memory?: boolean },
): Promise<{ samples: Map<string, Sample[]>; stalls: Map<string, number> }> {
  const samples = new Map(keys.map((key) => [keyOf(key), [] as Sample[]]));
  const stalls = new Map(keys.map((key) => [keyOf(key), 0]));
  const browserCdp = memory ? await browser.newBrowserCDPSession() : undefined;
  const open = new Map<string, { page: Page; pid?: number; cdp?: CDPSession }>();
  const openOne = async (key: PageKey) => {
    const page = await openPage(browser, served, key);
    const cdp = memory ? await page.context().newCDPSession(page) : undefined;
    const pid = browserCdp ? await rendererOf(browserCdp, page) : undefined;
    open.set(keyOf(key), { page, pid, cdp });
  };
  try {
    for (const key of keys) await openOne(key);
    for (let round = 0; round < warmup + count; round++) {
      for (const key of keys.map((_, i) => keys[(i + round) % keys.length]!)) {
        const sample = await handOver(open.get(keyOf(key))!.page, open.get(keyOf(key))!);
        if (!sample) {
          stalls.set(keyOf(key), stalls.get(keyOf(key))! + 1);
          await open.get(keyOf(key))!.page.context().close();
          await openOne(key);
          continue;
        }
        if (round >= warmup) samples.get(keyOf(key))!.push(sample);
      }
    }
  } finally {
    for (const { page } of open.values()) await page.context().close().catch(() => {});
    await browserCdp?.detach().catch(() => {});
  }
  return { samples, stalls };
}

const MEASURES: Array<{ key: keyof HandOverCost; what: string }> = [
  { key: 'unionMs', what: 'time the user could not interact: blank ∪ long tasks, overlaps once' },
  { key: 'blankMs', what: 'blank time on screen (no drawn page on top)' },
  { key: 'blockingMs', what: 'blocking time: main-thread time beyond 50 ms per long task, summed' },
  { key: 'longestTaskMs', what: 'longest single main-thread task' },
];

export async function swapCost({ rounds: count = 12, warmup = 1, largeRounds = 6 } = {}): Promise<Result[]> {
  const t0 = performance.now();
  const buildDir = await buildSwapPage();
  const pdfPath = writeLargePdf(LARGE_PAGES);
  const buildSeconds = (performance.now() - t0) / 1000;
  const browser = await launchChromium();
  const keys: PageKey[] = [
    { sdk: '1.22.0', method: 'setSession' },
    ...SWAP_SDK_VERSIONS.flatMap((sdk) => (['swap', 'reload', 'guide'] as const).map((method) => ({ sdk, method }))),
  ];
  let small: Awaited<ReturnType<typeof rounds>>;
  const large = new Map<string, Awaited<ReturnType<typeof rounds>>>();
  const t1 = performance.now();
  let largeSeconds = 0;
  try {
    const served = await serve(buildDir);
    try {
      small = await rounds(browser, served, keys, { rounds: count, warmup });
    } finally {
      await served.server.close();
      await served.standIn.close();
    }
    const t2 = performance.now();
    const servedLarge = await serve(buildDir, pdfPath);
    try {
      // One SDK at a time, its two pages side by side: each page's renderer is measured alone.
      for (const sdk of SWAP_SDK_VERSIONS) {
        large.set(sdk, await rounds(browser, servedLarge, [{ sdk, method: 'swap' }, { sdk, method: 'guide' }], { rounds: largeRounds, warmup: 1, memory: true }));
      }
    } finally {
      await servedLarge.server.close();
      await servedLarge.standIn.close();
    }
    largeSeconds = (performance.now() - t2) / 1000;
  } finally {
    await browser.close();
    rmSync(buildDir, { recursive: true, force: true });
    rmSync(pdfPath, { force: true });
  }
  const smallSeconds = (performance.now() - t1) / 1000 - largeSeconds;
  const of = (samples: Map<string, Sample[]>, key: PageKey, measure: keyof Sample) => samples.get(keyOf(key))!.map((s) => s[measure] as number);
  const rows: Row[] = [];
  const partsNotes: string[] = [];
  for (const sdk of SWAP_SDK_VERSIONS) {
    for (const method of ['swap', 'reload'] as const) {
      for (const { key, what } of MEASURES) {
        const ours = of(small!.samples, { sdk, method }, key);
        const guide = of(small!.samples, { sdk, method: 'guide' }, key);
        const ratio = pairedRatio(ours.map((v) => v + 1), guide.map((v) => v + 1)); // +1 ms: a 0 ms side stays a ratio
        const headline = key === 'unionMs' && method === 'swap';
        rows.push({
          metric: `${sdk}, ${method}: ${what}, per hand-over, active user (median [min, max])`,
          ours: spread(ours, (v) => ms(v, 0)),
          guide: spread(guide, (v) => ms(v, 0)),
          floor: `${spread(of(small!.samples, { sdk: '1.22.0', method: 'setSession' }, key), (v) => ms(v, 0))} (setSession, 1.22.0)`,
          compare: `ours/guide ${ratioWithCi(ratio.median, ratio.ci)}`,
          target: headline ? "below the guide's" : '(reported)',
          verdict: headline ? judgeRatio(ratio.ci, 1, { strict: true }) : info,
        });
      }
    }
  }
  const perPart = (key: PageKey) =>
    `${keyOf(key)}: whole hand-over ${ms(median(of(small!.samples, key, 'totalMs')), 0)}, blank ${ms(median(of(small!.samples, key, 'blankMs')), 0)}, ` +
    `blocking ${ms(median(of(small!.samples, key, 'blockingMs')), 0)}, union ${ms(median(of(small!.samples, key, 'unionMs')), 0)}, ` +
    `longest task ${ms(median(of(small!.samples, key, 'longestTaskMs')), 0)}, stalled ${small!.stalls.get(keyOf(key))}`;
  partsNotes.push(`Medians per page: ${keys.map(perPart).join('; ')}.`);
  const largeRows: Row[] = [];
  for (const sdk of SWAP_SDK_VERSIONS) {
    const { samples, stalls } = large.get(sdk)!;
    const swapKey = { sdk, method: 'swap' as const };
    const guideKey = { sdk, method: 'guide' as const };
    const frame = pairedRatio(of(samples, swapKey, 'longestFrameMs'), of(samples, guideKey, 'longestFrameMs'));
    largeRows.push({
      metric: `${sdk}, ${LARGE_PAGES}-page document: longest frozen frame (longest gap between animation frames) during a hand-over, active user (median [min, max])`,
      ours: `${spread(of(samples, swapKey, 'longestFrameMs'), (v) => ms(v, 0))} (swap)`,
      guide: spread(of(samples, guideKey, 'longestFrameMs'), (v) => ms(v, 0)),
      floor: '16.7 ms (one frame at 60 Hz)',
      compare: `ours/guide ${ratioWithCi(frame.median, frame.ci)}`,
      target: '(reported)',
      verdict: info,
    });
    const memory = pairedRatio(of(samples, swapKey, 'peakRssAbove').map((v) => v + 2 ** 20), of(samples, guideKey, 'peakRssAbove').map((v) => v + 2 ** 20));
    largeRows.push({
      metric: `${sdk}, ${LARGE_PAGES}-page document: renderer process memory at its peak during a hand-over, above its level just before (VmRSS; median [min, max])`,
      ours: `${spread(of(samples, swapKey, 'peakRssAbove'), mb)} (swap)`,
      guide: spread(of(samples, guideKey, 'peakRssAbove'), mb),
      floor: '0 MB (setSession keeps one viewer)',
      compare: `ours/guide ${ratioWithCi(memory.median, memory.ci)}`,
      target: '(reported: a swap holds two viewers for a moment)',
      verdict: info,
    });
    partsNotes.push(
      `${LARGE_PAGES}-page document, ${sdk}: ${[swapKey, guideKey].map((key) => `${key.method}: whole hand-over ${ms(median(of(samples, key, 'totalMs')), 0)}, union ${ms(median(of(samples, key, 'unionMs')), 0)}, longest task ${ms(median(of(samples, key, 'longestTaskMs')), 0)}, stalled ${stalls.get(keyOf(key))}`).join('; ')}.`,
    );
  }
  const setup =
    `A production build (\`vite build\`, minified) of demo/swap-e2e.html, the page the swap e2e drives, served by a plain static ` +
    `server (bench/static-server.ts, the SDKs' assets from their packages) with the stand-in behind it (1-hour tokens: only the ` +
    `measured renewals happen); each page in its own browser context (its own renderer), one viewer each. Ours: \`loadViewer\` ` +
    `with \`renewal.method\` \`swap\` (the default on these SDKs) or \`reload\`, renewed by \`session.renew()\`; the guide: the older ` +
    `guide's hand-written reload on the same SDK (new token, remember the view state, \`unload\`, \`load\` with it); the floor: ` +
    `setSession through the library on 1.22.0 (the user notices nothing). pspdfkit 2024.8.2 runs with Instant, as in the swap e2e. ` +
    `**Active user**: from the start of each hand-over, for ${ACTIVE_MS / 1000} s, a wheel step over the viewer every 150 ms and ` +
    `every third step a press, a 120 ms drag and a release (Playwright's mouse: real input events), then nothing; the swap sees ` +
    `view changes and a held pointer, so it waits or loads again; the guide's reload does not wait. **Measured in the page** ` +
    `(an init script, the same for every page) from the start of the hand-over until a drawn viewer has the new token (+100 ms ` +
    `for late long-task entries): every animation frame (blank when the viewer on top shows no drawn page image, for the time ` +
    `since the frame before) and every long task (Long Tasks API: over 50 ms, with start and length). Blank = the blank spells; ` +
    `blocking = Σ (task − 50 ms), as Lighthouse's TBT; union = blank spells ∪ whole long tasks, overlaps once (the guide's long ` +
    `task lies inside its blank spell: a sum would count it twice); longest task = the longest single task.`;
  return [
    {
      number: '7',
      title: 'Renewal without setSession: what a swap or reload costs the user (blank, blocking, union, longest task), Chromium',
      rows,
      sampleSizes: [count],
      notes: [
        setup +
          ` ${count} rounds after ${warmup} warm-up, the seven pages in rotating order. Ratios: median of per-round ratios (1 ms added ` +
          `to both sides, so a 0 ms side stays a ratio), order-statistic interval. A hand-over not done in ${STALL_MS / 1000} s counts as ` +
          `stalled, is left out and its page reopened. Took ${smallSeconds.toFixed(0)} s (build and PDF ${buildSeconds.toFixed(0)} s).`,
        ...partsNotes.slice(0, 1),
      ],
    },
    {
      number: '7c',
      title: `Old SDKs on a large document (${LARGE_PAGES} pages): longest frozen frame and renderer memory during a hand-over, Chromium`,
      rows: largeRows,
      sampleSizes: [largeRounds],
      notes: [
        `The same page, user and measurement as headline 7, on a ${LARGE_PAGES}-page PDF written at bench time (bench/large-pdf.ts: ` +
          `text, a grid and shapes on every page; the stand-in renders its tiles with pdf.js). Per SDK, the swap page and the guide's ` +
          `page side by side, ${largeRounds} rounds after 1 warm-up, alternating. Longest frozen frame = the longest gap between two ` +
          `animation frames from the start of the hand-over until the new viewer is drawn (what the user sees as a freeze; 16.7 ms ` +
          `is none). Renderer memory = VmRSS of the page's renderer process (/proc; the renderer found by its CPU time while the page ` +
          `spins for 300 ms), sampled every 50 ms during the hand-over, peak minus the value after a forced GC just before. Ratios ` +
          `with 1 MB added to both sides. Took ${largeSeconds.toFixed(0)} s.`,
        ...partsNotes.slice(1),
      ],
    },
  ];
}
