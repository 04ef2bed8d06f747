// Headline 9: network bytes per viewer-hour, in Chromium with the real viewer, ours vs the guide's
// pattern, in compressed time: 60-second tokens, so a few minutes hold as many renewals as hours
// of 10-minute tokens would. Counted from Chromium's network events per page: the token endpoint,
// the engine's /auth, and tiles fetched again after the first render: the view does not change, so
// every tile request after it is the page fetching again what it has (after a renewal, if ever).
import type { CDPSession, Page } from 'playwright-core';
import type { BenchHarness } from './browser-harness.js';
import { openBenchPage } from './browser-page.js';
import type { Mode } from './pages/bench-page.js';
import { info, kb, type Result, type Row } from './stats.js';

const SIDES = ['ours', 'guide'] as const;
type Side = (typeof SIDES)[number];
const TILE = /\/page-\d+-dimensions-\d+-\d+-tile-/;

interface Traffic { tokenBytes: number; tokens: number; authBytes: number; auths: number; tileBytes: number; tiles: number }

function watch(cdp: CDPSession, counting: () => boolean): Traffic {
  const traffic: Traffic = { tokenBytes: 0, tokens: 0, authBytes: 0, auths: 0, tileBytes: 0, tiles: 0 };
  const urls = new Map<string, string>();
  cdp.on('Network.requestWillBeSent', (event: { requestId: string; request: { url: string } }) => urls.set(event.requestId, event.request.url));
  cdp.on('Network.loadingFinished', (event: { requestId: string; encodedDataLength: number }) => {
    const url = urls.get(event.requestId);
    if (!url || !counting()) return;
    const path = new URL(url).pathname;
    if (path === '/api/token') {
      traffic.tokens++;
      traffic.tokenBytes += event.encodedDataLength;
    } else if (/\/auth$/.test(path)) {
      traffic.auths++;
      traffic.authBytes += event.encodedDataLength;
    } else if (TILE.test(path)) {
      traffic.tiles++;
      traffic.tileBytes += event.encodedDataLength;
    }
  });
  return traffic;
}

export async function networkPerHour(harness: BenchHarness, { seconds = 120, lifetimeSec = 20, settleMs = 3_000 } = {}): Promise<Result> {
  const { faults, log } = harness.standIn;
  const pages: Partial<Record<Side, Page>> = {};
  const traffic: Partial<Record<Side, Traffic>> = {};
  let counting = false;
  let standInTiles = 0;
  try {
    faults.configure({ tokenLifetimeSec: lifetimeSec });
    for (const side of SIDES) {
      const page = (pages[side] = await openBenchPage(harness));
      const cdp = await page.context().newCDPSession(page);
      traffic[side] = watch(cdp, () => counting);
      await cdp.send('Network.enable');
      await page.evaluate((mode: Mode) => window.__bench!.load(mode).then(() => undefined), side);
    }
    // Both pages at once (each its own context), the view left as it is after the first render: any
    // tile request from now on fetches again what the page already shows.
    await new Promise((resolve) => setTimeout(resolve, settleMs));
    const since = log.lastSeq;
    counting = true;
    await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
    counting = false;
    standInTiles = log.count({ since, kind: 'tile' });
  } finally {
    faults.configure({ tokenLifetimeSec: 3600 });
    for (const page of Object.values(pages)) await page?.context().close();
  }
  const hours = seconds / 3600;
  const perHour = (value: number) => value / hours;
  const t = traffic as Record<Side, Traffic>;
  const total = (x: Traffic) => x.tokenBytes + x.authBytes + x.tileBytes;
  const perRenewal = (x: Traffic) => (x.tokenBytes + x.authBytes) / Math.max(1, x.tokens);
  const floorPerHour = Math.min(perRenewal(t.ours), perRenewal(t.guide)) * (3600 / lifetimeSec);
  const cell = (x: Traffic) =>
    `${kb(perHour(total(x)), 1)} (token + /auth ${kb(perHour(x.tokenBytes + x.authBytes), 1)}, ${perHour(x.tokens).toFixed(0)} renewals; ${perHour(x.tiles).toFixed(0)} tiles fetched again, ${kb(perHour(x.tileBytes), 1)})`;
  const rows: Row[] = [
    {
      metric: `network bytes per viewer-hour for the session, ${lifetimeSec}-s tokens (compressed time), view unchanged`,
      ours: cell(t.ours),
      guide: cell(t.guide),
      floor: `token + /auth once per lifetime, no tile again: ${kb(floorPerHour, 1)}`,
      compare: `ours/guide ${(total(t.ours) / total(t.guide)).toFixed(2)}x; token + /auth ours/guide ${((t.ours.tokenBytes + t.ours.authBytes) / (t.guide.tokenBytes + t.guide.authBytes)).toFixed(2)}x`,
      target: '(reported)',
      verdict: info,
    },
  ];
  return {
    number: '9',
    title: 'Network bytes per viewer-hour, Chromium',
    rows,
    notes: [
      `What it measures: the bytes a viewer page moves for its session, per hour it is open. Real viewer ` +
        `on bench/pages/viewer.html, ours and the guide's pattern loaded side by side (each its own browser context) with ` +
        `${lifetimeSec}-second tokens, so ${seconds} s hold ${Math.round(seconds / lifetimeSec)} token lifetimes (compressed ` +
        `time: per hour of ${lifetimeSec}-s tokens; with 10-min tokens the token + /auth part is a twentieth). Counted from ` +
        `${settleMs / 1000} s after load, the view unchanged, so every tile request counted is one fetched again (the page ` +
        `already shows it): what a renewal may cost beyond its own requests. Bytes on the wire from Chromium's network events ` +
        `(\`encodedDataLength\`: headers and body), per kind. Tile requests seen by Chromium in the window: ` +
        `${t.ours.tiles + t.guide.tiles}; by the stand-in: ${standInTiles}. What the user's own scrolling and zooming fetch is ` +
        `the same for any page and not counted.`,
      `Against what: the guide's page renews by its timer (half the lifetime before \`exp\` for tokens this short: the fix its ` +
        `literal 5-minute margin needs, see "About the guide's pattern"); ours renews by its default policy. Floor: one token ` +
        `request and one /auth per token lifetime, nothing fetched again. One run, no interval: the counts are the row.`,
    ],
  };
}
