// Issue 11: one user, many tabs. Five real tabs in one browser context on one document share
// their tokens (`sharing: { scope }`), and together ask the token endpoint about as often as one
// tab alone; the tab that is renewing dies mid-request and the others carry on; a 401 from the
// token endpoint ends the session in every remaining tab.
// What only a real browser proves: real tabs of one context hear each other over the real
// BroadcastChannel while their timers run and one is closed mid-request, and each hands the shared
// token to its own real viewer. The herd logic on fake channels: test/unit/sharing*.test.ts.
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type StandIn, startStandIn } from '../../demo/server/stand-in';
import type { LogEntry } from '../../demo/server/request-log';
import { launchChromium } from './support/chromium';
import { type Harness, startHarness } from './support/harness';
import { sleep, storedAnnotationIds } from './support/session-page';
import { TabPage } from './support/tab-page';

const LIFETIME_S = 10;
const RUN_MS = 120_000;
const TABS = 5;

let harness: Harness;
/** The one tab alone has its own stand-in, so that its token requests are counted apart. */
let alone: StandIn;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  [harness, alone, browser] = await Promise.all([
    startHarness({ tokenLifetimeSec: LIFETIME_S }),
    startStandIn({ enginePort: 0, controlPort: 0, tokenLifetimeSec: LIFETIME_S }),
    launchChromium(),
  ]);
});
afterAll(async () => {
  await Promise.all(contexts.map((context) => context.close().catch(() => {})));
  await browser?.close();
  await Promise.all([harness?.close(), alone?.close()]);
});

const isAuthFailure = (status: number) => status === 401 || status === 403;

/**
 * Token requests per hour between the first and the last request of the window: both worlds
 * are measured from a renewal to a renewal, so where in its lifetime a window starts does not
 * add or drop one request out of ~16.
 */
function perHour(entries: LogEntry[]): number {
  const times = entries.map((entry) => entry.time);
  return ((times.length - 1) / (times.at(-1)! - times[0]!)) * 3_600_000;
}

/** Pages and draws in the tab `pick()` returns at each step, until `stop()`. Ids of what the engine has. */
async function work(pick: () => TabPage | undefined, stop: () => boolean, firstId: number): Promise<string[]> {
  const created: string[] = [];
  for (let step = 0; !stop(); step++) {
    const tab = pick();
    const started = Date.now();
    try {
      if (!tab) break;
      if (step % 3 === 0) created.push(await tab.createRectangle(step % 2, firstId + created.length));
      else if (step % 3 === 1) await tab.goToPage((step * 7) % 3);
      else await tab.zoomTo(1 + ((step * 7) % 23) * 0.05);
    } catch (error) {
      if (!tab?.closed) throw error; // the tab died under the step: what it drew unconfirmed is not counted
    }
    await sleep(Math.max(0, 2_500 - (Date.now() - started)));
  }
  return created;
}

describe('one user, five tabs on one document, 10 s tokens for 2 minutes', () => {
  it('costs one tab’s token requests, survives the renewing tab dying, and a 401 ends every tab', async () => {
    const { standIn } = harness;
    const beforeLoad = standIn.log.lastSeq;
    const tabsContext = await browser.newContext({ viewport: { width: 640, height: 480 } });
    const aloneContext = await browser.newContext({ viewport: { width: 640, height: 480 } });
    contexts.push(tabsContext, aloneContext);
    const loading = Date.now();
    const open = (i: number) =>
      TabPage.open(tabsContext, harness.pageOrigin, `tab${i}`, { engineUrl: standIn.engineUrl, documentId: standIn.documentId, scope: 'user-1' });
    // The first tab (and the one alone) warm the dev server up; the other four open one after
    // another. Four viewers loading at once beside another e2e file made a load outlast its shared
    // 10 s token: the SDK's onAuthFailed during load() was refused ("still loading") and the tab
    // failed to load. Sharing is measured once all have loaded, so the order of loading proves nothing.
    const [first, single] = await Promise.all([
      open(0),
      TabPage.open(aloneContext, harness.pageOrigin, 'alone', {
        engineUrl: alone.engineUrl, documentId: alone.documentId, scope: 'user-1', tokenUrl: alone.tokenUrl,
      }),
    ]);
    const tabs = [first];
    for (let i = 1; i < TABS; i++) tabs.push(await open(i));
    const statuses = await Promise.all([...tabs, single].map(async (tab) => ({ name: tab.name, ...(await tab.status()) })));
    expect(statuses.filter((status) => status.status !== 'loaded')).toEqual([]);
    console.info(`[tabs] ${TABS} tabs and the one alone loaded in ${((Date.now() - loading) / 1000).toFixed(1)} s`);
    const visibility = await Promise.all(tabs.map(async (tab) => (await tab.status()).visibility));

    // The measured window starts once every tab has loaded: each tab's first token is its own.
    const sinceTabs = standIn.log.lastSeq;
    const sinceAlone = alone.log.lastSeq;
    const started = Date.now();
    const live = [...tabs];
    let stopped = false;
    const workers = [0, 1].map((w) => work(() => live[w], () => stopped, w * 1_000));
    for (const worker of workers) worker.catch(() => {}); // awaited below; a failure fails the test there

    // Two minutes of work, no interference: the measured window.
    await sleep(Math.max(0, started + RUN_MS - Date.now()));
    const ended = Date.now();

    // "The floor", read as: five tabs cost what ONE tab alone costs over the same period. With
    // the library's 25 % early margin one tab renews every 7.5 s on 10 s tokens (480 an hour;
    // whole-second timestamps make it ~6.8 s here); 3600 / lifetime (360 an hour) is the physical
    // floor, reported alongside.
    const fiveEntries = standIn.log.entries({ kind: 'token', since: sinceTabs });
    const oneEntries = alone.log.entries({ kind: 'token', since: sinceAlone });
    const five = perHour(fiveEntries);
    const one = perHour(oneEntries);
    const at = (time: number) => ((time - started) / 1000).toFixed(2);
    const own = await Promise.all(
      live.map(async (tab) => `${tab.name}: ${(await tab.eventsOf('renewed')).filter((e) => e.source === 'this-tab').map((e) => `${e.reason}@${at(e.at)}`).join(' ')}`),
    );
    console.info(
      `[tabs] ${((ended - started) / 1000).toFixed(0)} s, 10 s tokens; token requests: 5 tabs ${fiveEntries.length} ` +
        `(${five.toFixed(0)}/user-hour), 1 tab ${oneEntries.length} (${one.toFixed(0)}/user-hour), floor ${3_600 / LIFETIME_S}/hour; ` +
        `tab visibility ${visibility.join(',')}\n[tabs] token requests (s, status): ${fiveEntries.map((e) => `${at(e.time)}/${e.status}`).join(' ')}` +
        `\n[tabs] ${own.join('\n[tabs] ')}`,
    );
    // The tab alone must have lived through the window: once, on a machine so loaded that the five tabs took 185 s to
    // load, it asked nothing in the window (0 requests). Say what its session did, so the next such failure says why.
    const aloneEvents = (await single.events()).filter((e) => e.type !== 'log').map((e) => `${e.type}${e.reason ? `(${e.reason})` : ''}@${at(e.at)}`);
    expect(oneEntries.length, `the tab alone, state ${await single.sessionState()}: ${aloneEvents.slice(-12).join(' ')}`).toBeGreaterThan(0);
    expect(Math.abs(five - one) / one).toBeLessThanOrEqual(0.1);
    // One tab renews once a lifetime: every 5.5 to 7.5 s (whole-second timestamps hide up to 2 s).
    expect(one).toBeGreaterThan(3_600 / 7.5);
    expect(one).toBeLessThan(3_600 / 5.5);

    // Then the next token request hangs, and the tab that made it is closed while it waits, after
    // it told the others it was renewing. They wait for its token, but never past their own cap,
    // and carry on: each gets at least two more tokens, with no auth failure.
    const renewing = await Promise.all(live.map((tab) => tab.count('renewing', 'proactive')));
    const beforeKill = standIn.log.lastSeq;
    standIn.faults.queueTokenFault({ mode: 'hang', count: 1 });
    const victimIndex = await Promise.any(
      live.map((tab, i) => tab.waitForMore('renewing', renewing[i]!, { reason: 'proactive', timeoutMs: 30_000 }).then(() => i)),
    );
    const victim = live[victimIndex]!;
    live.splice(victimIndex, 1);
    await victim.close();
    const afterKill = await Promise.all(live.map((tab) => tab.count('renewed')));
    await Promise.all(live.map((tab, i) => tab.waitForMore('renewed', afterKill[i]! + 1, { timeoutMs: 40_000 })));
    stopped = true;
    const created = (await Promise.all(workers)).flat();
    console.info(
      `[tabs] killed ${victim.name} mid-renewal; token requests since (s, status): ` +
        standIn.log.entries({ kind: 'token', since: beforeKill }).map((e) => `${at(e.time)}/${e.status}`).join(' '),
    );

    // Not one auth failure at the engine (tiles, auth, sync) in the run. Counted from when every tab
    // had loaded: while four viewers load at once on a busy 2-core box, a renewal's token took up to
    // 15 s to arrive (the dev server and the stand-in share the test's process), which no 10 s token
    // survives; those are printed, not asserted.
    const loadFailures = standIn.log.entries({ server: 'engine', since: beforeLoad, status: isAuthFailure }).filter((e) => e.seq <= sinceTabs);
    console.info(`[tabs] auth failures at the engine while loading: 5 tabs ${loadFailures.length}, alone ${alone.log.count({ server: 'engine', status: isAuthFailure })}`);
    expect(standIn.log.count({ server: 'engine', since: sinceTabs, status: isAuthFailure })).toBe(0);
    expect(alone.log.count({ server: 'engine', since: sinceAlone, status: isAuthFailure })).toBe(0);
    // Every annotation drawn reached the engine.
    expect(created.length).toBeGreaterThanOrEqual(10);
    expect(await storedAnnotationIds(harness)).toEqual(expect.arrayContaining(created));
    // The tabs really shared: each tab applied nearly every token the group fetched in the run, its
    // own or another's (alone, it would apply a fifth; two tabs that asked at once fetch two tokens
    // with one expiry, and the later is not applied). Which tab fetches is not fair, nor promised: when announcements cross
    // on a busy machine, the lower tab id goes on, so one tab may fetch half the tokens.
    const fetched = standIn.log.count({ kind: 'token', since: sinceTabs, status: 200 });
    for (const tab of live) {
      const renewed = (await tab.eventsOf('renewed')).filter((event) => event.at >= started);
      const fromOthers = renewed.filter((event) => event.source === 'other-tab').length;
      console.info(`[tabs] ${tab.name}: ${renewed.length} tokens applied in the run (${fromOthers} from another tab), ${fetched} fetched by all`);
      expect(fromOthers).toBeGreaterThan(0);
      expect(renewed.length).toBeGreaterThanOrEqual(fetched * 0.8);
      expect(await tab.eventsOf('error')).toEqual([]);
      expect(await tab.sessionState()).toMatch(/^(active|renewing)$/);
    }

    // The user signs out: the next renewal (whichever tab makes it) gets 401, and every tab ends.
    const beforeSignOut = standIn.log.lastSeq;
    standIn.faults.queueTokenFault({ mode: '401', count: 1 });
    const refused = await standIn.log.waitFor({ kind: 'token', status: 401, since: beforeSignOut }, 30_000);
    await Promise.all(live.map((tab) => tab.waitForMore('ended', 0, { timeoutMs: 15_000 })));
    const endedEvents = await Promise.all(live.map((tab) => tab.eventsOf('ended')));
    const lastEndedMs = Math.max(...endedEvents.map(([event]) => event!.at)) - refused.time;
    console.info(`[tabs] 401 at the token endpoint -> ended in all ${live.length} remaining tabs within ${lastEndedMs} ms`);
    expect(lastEndedMs).toBeLessThan(3_000);
    for (const [i, tab] of live.entries()) {
      expect(endedEvents[i]).toHaveLength(1);
      expect(await tab.sessionState()).toBe('ended');
    }
    // Nobody asks again after the 401: the one refused request is the last.
    expect(standIn.log.count({ kind: 'token', since: refused.seq })).toBe(0);
  }, 420_000); // about 3 minutes on a quiet machine; loading five viewers on a busy 2-core box takes longer
});
