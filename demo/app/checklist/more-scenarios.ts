// Checklist scenarios about the world around one viewer: a sign-out met by the proactive timer, a
// sleep the page is not told about, a browser clock minutes off the engine's, a second tab of the
// same user, and an old SDK without setSession. Each says what a person should see; the frame at
// the viewer's corner shows the second page (demo/tabs-e2e.html, demo/swap-e2e.html) meanwhile.
import type { SwapE2ePage } from '../../swap-e2e-api';
import type { TabsE2ePage } from '../../tabs-e2e-api';
import { SHARING_SCOPE } from '../demo-session';
import { clockTime, duration } from '../format';
import { realNow } from '../page-clock';
import { noRefusals, tokenTaken } from './checks';
import { type ScenarioContext, sleep } from './context';
import { type Scenario, ScenarioFailure } from './scenario';

const SLEEP_JUMP_MS = 15_000;
const SKEW_MS = 10 * 60_000;
const isProactive = (reason: string) => reason === 'proactive' || reason === 'wake';

/** The frame's page URL, pointed at the page's own engine and document. */
function framePage(t: ScenarioContext, page: string, extra: Record<string, string>): string {
  const settings = t.demo.settings;
  const query = new URLSearchParams({ engine: settings?.engineUrl ?? '', document: settings?.documentId ?? '', ...extra });
  return `${location.origin}/${page}?${query}`;
}

/** Throws the frame page's own load error at once rather than waiting for a timeout. */
function loadedOrThrow(page: { status: string; loadError?: unknown } | undefined, what: string): boolean {
  if (page?.status === 'failed') throw new ScenarioFailure(`${what} failed to load: ${JSON.stringify(page.loadError)}`);
  return page?.status === 'loaded';
}

/** One clock setting of the skew scenario: reload with the clock off, then watch one token's life. */
async function skewedLife(t: ScenarioContext, offsetMs: number): Promise<void> {
  const side = offsetMs > 0 ? 'ahead of' : 'behind';
  t.setClock(offsetMs, `clock skew: ${Math.abs(offsetMs) / 60_000} min ${side} the engine's`);
  const loadAt = realNow();
  await t.reload({ proactive: true, instant: false });
  const initial = await t.waitForEvent('renewed', 'first token after the reload', (e) => e.reason === 'initial', 20_000, loadAt);
  const proactive = await t.waitForEvent('renewed', `proactive renewal with the clock ${side}`, (e) => isProactive(e.reason), 20_000, initial.at + 1);
  const after = proactive.at - initial.at;
  t.check(after >= 4_000 && after < 12_000, `clock ${side}: renewed (proactive) ${duration(after)} after the 12 s token arrived, before it expired`,
    `clock ${side}: the proactive renewal came ${duration(after)} after the 12 s token arrived (expected about 9 s)`);
  await tokenTaken(t, proactive.at);
  await sleep(3_000); // a loop would show here
  const renewals = t.eventsOf('renewed', loadAt).length;
  t.check(renewals <= 3, `no renewal loop: ${renewals} renewals in ${duration(realNow() - loadAt)}`, `a renewal loop: ${renewals} renewals in ${duration(realNow() - loadAt)}`);
}

export const MORE_SCENARIOS: Scenario[] = [
  {
    id: '401-proactive',
    title: '401 during a proactive renewal',
    expected: 'With 12 s tokens and the next token request answering 401: the proactive renewal (no click) ends the session: one "ended" event (reason proactive), the "Session ended" banner, no retry and no other token request; "Sign in again" renews.',
    async run(t) {
      await t.actions.setTokenLifetime(12);
      t.renew();
      const first = await t.waitForRenewal('renewal (manual) to get a 12 s token', 'manual');
      await t.actions.queueTokenFault('401', 1);
      const ended = await t.waitForEvent('ended', '"ended" event from the proactive renewal', () => true, 20_000, first.at);
      const { reason, error } = ended.event;
      t.check(reason === 'proactive', `ended by the proactive renewal (${error.name}, HTTP ${error.status})`, `ended by a ${reason} renewal, not the proactive one`);
      t.check(t.eventsOf('retrying', first.at).length === 0, 'the 401 was not retried', `the 401 was retried ${t.eventsOf('retrying', first.at).length}×`);
      await sleep(2_000);
      const asked = await t.requests((e) => e.kind === 'token' && e.time > first.at);
      t.check(asked.length === 1 && t.deps.bannerShown(), 'one token request (the 401), the "Session ended" banner, nothing more in 2 s',
        `${asked.length} token requests after the 401's renewal began; banner ${t.deps.bannerShown() ? 'shown' : 'missing'}`);
      t.check(t.deps.clickBanner(), 'clicked "Sign in again"');
      const { at } = await t.waitForEvent('renewed', 'renewal after signing in again', (e) => e.reason === 'manual', 20_000, ended.at);
      await tokenTaken(t, at);
    },
  },
  {
    id: 'sleep',
    title: 'Sleep without a wake event',
    expected: 'With 30 s tokens, the page\'s clock jumps 15 s ahead and no visibilitychange, focus, pageshow or online event fires (how a laptop waking from sleep can look to a page); then the pointer moves (the scenario moves it, as a user back at the laptop would): on that first input after a pause the library reads its clocks, notices and renews (wake) at once, well before the renewal it had planned; the engine takes the token and refuses nothing.',
    async run(t) {
      await t.actions.setTokenLifetime(30);
      t.renew();
      const first = await t.waitForRenewal('renewal (manual) to get a 30 s token', 'manual');
      const plannedAt = first.event.renewAt;
      t.check(plannedAt !== undefined, `proactive renewal planned for ${clockTime(plannedAt)}`, 'no proactive renewal was planned');
      t.setClock(SLEEP_JUMP_MS, 'sleep: the wall clock jumps, no wake event');
      const jumpedAt = realNow();
      // The user is back: the hand on the mouse, before any click. The library listens on window.
      window.dispatchEvent(new Event('pointermove'));
      const { at, event } = await t.waitForEvent('renewed', 'renewal after the clock jump and the pointer', (e) => isProactive(e.reason), 16_000, jumpedAt);
      t.check(at - jumpedAt <= 14_000 && at < plannedAt! - 2_000, `renewed (${event.reason}) ${duration(at - jumpedAt)} after the jump and the pointer, ${duration(plannedAt! - at)} before the renewal planned without it`,
        `the renewal came ${duration(at - jumpedAt)} after the jump, not before the planned one at ${clockTime(plannedAt)}`);
      await tokenTaken(t, at);
      await noRefusals(t);
    },
  },
  {
    id: 'skew',
    title: 'Clock skew',
    expected: 'With 12 s tokens, this page\'s clock 10 minutes ahead of the engine\'s (viewer reloads), then 10 minutes behind: each time the library plans from the engine\'s clock, so it renews (proactive) about 9 s after each token arrives, before it expires, never in a loop; the engine takes every token and refuses nothing.',
    async run(t) {
      await t.actions.setTokenLifetime(12);
      await skewedLife(t, SKEW_MS);
      await skewedLife(t, -SKEW_MS);
      await noRefusals(t);
    },
  },
  {
    id: 'tabs',
    title: 'Two tabs sharing',
    expected: 'With sharing on (viewer reloads) and a second tab of the same user (the frame at the viewer\'s corner: same document, same scope): "Renew now" here makes one token request; the other tab takes that token (renewed from another tab) without asking the endpoint, and the engine takes it from both viewers (two /auth 200).',
    async run(t) {
      await t.reload({ proactive: true, instant: false, sharing: true });
      const url = framePage(t, 'tabs-e2e.html', { scope: SHARING_SCOPE, toolbar: 'qa' });
      const frame = await t.deps.sideFrame.open<{ __tabs?: TabsE2ePage }>(url, 'Second tab: same user, sharing on', (w) => loadedOrThrow(w.__tabs, 'the second tab'));
      const other = frame.__tabs!;
      await sleep(1_000); // the second tab's own first token settles
      const before = realNow();
      t.renew();
      const mine = await t.waitForRenewal('renewal (manual) in this tab', 'manual', 20_000, before);
      t.evidence(`this tab renewed (manual, token from ${mine.event.source})`);
      await t.waitUntil('the second tab takes the shared token', () => other.events.some((e) => e.type === 'renewed' && e.source === 'other-tab' && e.at >= before - 5), 10_000);
      t.check(true, 'the second tab renewed from this tab\'s token (source other-tab)');
      const auths = await t.waitForRequests('/auth 200 from both viewers', (e) => e.server === 'engine' && e.kind === 'auth' && e.method === 'POST' && e.status === 200 && e.time >= mine.at - 5,
        (found) => new Set(found.map((e) => e.session)).size >= 2, 10_000);
      const asked = await t.requests((e) => e.kind === 'token' && e.time >= before - 5);
      t.check(asked.length === 1, 'one token request served both tabs', `${asked.length} token requests for one renewal in two tabs`);
      t.check(true, `the engine took the token from both viewers: ${[...new Set(auths.map((e) => e.session))].join(', ')}`);
      await noRefusals(t);
    },
  },
  {
    id: 'old-sdk',
    title: 'Swap on an old SDK',
    expected: 'SDK 1.12 (no setSession, in the frame at the viewer\'s corner) loaded through the library on 12 s tokens, on page 2: before the token expires the library swaps in a new viewer with a fresh token (renewed proactive, method swap); the page and zoom stay as they were; the engine takes the new token and refuses nothing.',
    async run(t) {
      await t.actions.setTokenLifetime(12);
      const url = framePage(t, 'swap-e2e.html', { sdk: '1.12.0' });
      const frame = await t.deps.sideFrame.open<{ __swap?: SwapE2ePage }>(url, 'Old SDK 1.12 (no setSession): renewed by a swap', (w) => loadedOrThrow(w.__swap, 'SDK 1.12'));
      const old = frame.__swap!;
      old.goToPage(1);
      await t.waitUntil('the old viewer shows page 2', () => old.view().pageIndex === 1, 5_000);
      const before = old.view();
      const instances = old.instances;
      t.evidence(`SDK ${old.sdkVersion ?? '1.12'} loaded, on page ${before.pageIndex + 1}, zoom ${before.zoomLevel ?? String(before.zoom)}`);
      await t.waitUntil('a swap in the old SDK', () => old.events.some((e) => e.type === 'renewed' && isProactive(e.reason ?? '')) && old.instances > instances, 20_000);
      const renewed = old.events.find((e) => e.type === 'renewed' && isProactive(e.reason ?? ''))!;
      t.check(renewed.method === 'swap', `renewed (${renewed.reason}) by a swap: a new viewer instance`, `renewed by ${renewed.method}, not a swap`);
      const after = old.view();
      t.check(after.pageIndex === before.pageIndex && after.zoomLevel === before.zoomLevel, `page ${after.pageIndex + 1} and zoom kept`,
        `the view changed: page ${before.pageIndex + 1} → ${after.pageIndex + 1}, zoom ${before.zoomLevel} → ${after.zoomLevel}`);
      await tokenTaken(t, renewed.at);
      await noRefusals(t);
    },
  },
];
