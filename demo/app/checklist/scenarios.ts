// The QA checklist (issue 9): each scenario with the result a person should see, and its checks.
import { duration, isoTime } from '../format';
import type { ScenarioContext } from './context';
import { sleep } from './context';
import { noRefusals, tokenTaken } from './checks';
import { MORE_SCENARIOS } from './more-scenarios';
import type { Scenario } from './scenario';
import { realNow } from '../page-clock';

async function renewedAfterRetries(t: ScenarioContext, status: number, count: number): Promise<number[]> {
  t.renew();
  const { at } = await t.waitForRenewal('renewal (manual)', 'manual', 30_000);
  const retries = t.eventsOf('retrying').filter(({ at: when }) => when <= at).map(({ event }) => event);
  t.check(retries.length === count && retries.every((r) => r.status === status),
    `${count} retr${count === 1 ? 'y' : 'ies'} on HTTP ${status}, then renewed`,
    `expected ${count} retries on HTTP ${status}, saw ${retries.length}: ${retries.map((r) => r.status ?? r.error.name).join(', ')}`);
  const tokenAnswers = (await t.requests((entry) => entry.kind === 'token')).map((entry) => entry.status);
  t.evidence(`token endpoint answered: ${tokenAnswers.join(', ')}`);
  await tokenTaken(t, at);
  await noRefusals(t);
  return retries.map((r) => r.delayMs);
}

async function engineFaultRecovery(t: ScenarioContext, kind: 'expire' | 'revoke', detail: string): Promise<void> {
  await (kind === 'expire' ? t.actions.expireSessions() : t.actions.revokeSessions());
  const faultAt = realNow();
  t.zoom();
  const { at } = await t.waitForEvent('renewed', 'renewal (auth-failed)', (e) => e.reason === 'auth-failed', 25_000);
  t.evidence(`renewed (auth-failed) ${duration(at - faultAt)} after the fault`);
  const refused = await t.refusals();
  t.check(refused.length > 0 && refused.every((r) => r.detail === detail || r.status === 401),
    `the engine refused the old token (${refused.length}× ${detail}), as expected`,
    `expected refusals "${detail}", saw: ${refused.map((r) => `${r.status} ${r.detail ?? ''}`).join(', ') || 'none'}`);
  await tokenTaken(t, at);
  t.zoom();
  const tile = await t.waitForRequest('tile answered 200 after the renewal', (e) => e.server === 'engine' && (e.kind === 'tile' || e.kind === 'document') && e.status === 200 && e.time >= at);
  t.check(true, `tiles load again: ${tile.kind} 200 on ${tile.session}`);
  t.check(t.eventsOf('ended').length === 0, 'the session did not end');
}

const CORE_SCENARIOS: Scenario[] = [
  {
    id: 'proactive',
    title: 'Proactive renewal',
    expected: 'With 12 s tokens, the library renews by itself (reason proactive) before the token expires; the engine takes the new token (/auth 200) and refuses nothing.',
    async run(t) {
      await t.actions.setTokenLifetime(12);
      t.renew();
      const first = await t.waitForEvent('renewed', 'renewal (manual) to get a 12 s token', (e) => e.reason === 'manual');
      const { expiresAt = NaN, renewAt } = first.event; // the stand-in sends Date: both should be known
      t.evidence(`12 s token: renew at ${isoTime(renewAt)}, expires ${isoTime(expiresAt)}`);
      t.check(renewAt !== undefined && Number.isFinite(expiresAt), 'a proactive renewal is planned', `the renewal came without a ${renewAt === undefined ? 'renew-at' : 'expiry'} time: no proactive renewal is planned`);
      const { at } = await t.waitForEvent('renewed', 'proactive renewal', (e) => e.reason === 'proactive', 20_000, first.at);
      t.check(at < expiresAt, `renewed (proactive) ${duration(expiresAt - at)} before expiry`, `proactive renewal came ${duration(at - expiresAt)} after expiry`);
      await tokenTaken(t, at);
      await noRefusals(t);
    },
  },
  {
    id: 'expire',
    title: 'Expire all sessions',
    expected: 'After "Expire all sessions" and a zoom: the engine refuses the old token (403 Token has expired, marked expected), the library renews once (reason auth-failed), the engine takes the new token and tiles load again.',
    run: (t) => engineFaultRecovery(t, 'expire', 'Token has expired'),
  },
  {
    id: 'revoke',
    title: 'Revoke sessions',
    expected: 'After "Revoke sessions" and a zoom: the engine refuses the old token (403 Token has been revoked, marked expected), the library renews (reason auth-failed), tiles load again; the session does not end.',
    run: (t) => engineFaultRecovery(t, 'revoke', 'Token has been revoked'),
  },
  {
    id: '500',
    title: 'Token endpoint 500',
    expected: 'One 500 from the token endpoint: 1 retry after about half a second, then renewed; no auth failure at the engine.',
    async run(t) {
      await t.actions.queueTokenFault('500', 1);
      const [delay] = await renewedAfterRetries(t, 500, 1);
      t.evidence(`retry delay ${duration(delay ?? 0)}`);
    },
  },
  {
    id: '503x3',
    title: 'Token endpoint 503 ×3',
    expected: '3 retries with growing delays, then renewed; no auth failure at the engine.',
    async run(t) {
      await t.actions.queueTokenFault('503', 3);
      const delays = await renewedAfterRetries(t, 503, 3);
      t.check(delays.every((d, i) => i === 0 || d >= delays[i - 1]!), `delays grow: ${delays.map(duration).join(' → ')}`, `delays did not grow: ${delays.map(duration).join(', ')}`);
    },
  },
  {
    id: '429',
    title: '429 + Retry-After',
    expected: 'A 429 with Retry-After: 2: the retry waits the 2 s the server asked for, then renewed; no auth failure at the engine.',
    async run(t) {
      await t.actions.queueTokenFault('429', 1);
      const [delay] = await renewedAfterRetries(t, 429, 1);
      t.check((delay ?? 0) >= 2000, `retry waited ${duration(delay ?? 0)} (Retry-After 2 s)`, `retry waited only ${duration(delay ?? 0)}`);
    },
  },
  {
    id: 'hang',
    title: 'Token endpoint hangs',
    expected: 'The token request that never answers is abandoned after the 8 s attempt timeout (RefreshTimeoutError) and retried; renewed within about 9 s; the viewer keeps working.',
    async run(t) {
      await t.actions.queueTokenFault('hang', 1);
      t.renew();
      const { at, event } = await t.waitForEvent('renewed', 'renewal after the hang', (e) => e.reason === 'manual', 25_000);
      const [retry] = t.eventsOf('retrying').map(({ event: e }) => e);
      t.check(retry?.error.name === 'RefreshTimeoutError', `attempt 1 timed out (${retry?.error.name}), retried`, `expected a RefreshTimeoutError retry, saw ${retry?.error.name ?? 'no retry'}`);
      t.evidence(`renewed in ${duration(event.durationMs)} after ${event.attempts} attempts`);
      await tokenTaken(t, at);
      await noRefusals(t);
    },
  },
  {
    id: 'html',
    title: 'HTML login page',
    expected: 'A 200 with an HTML login page is an error (RefreshResponseError naming text/html), not retried and not "logged out": the session stays active with its token, proactive renewal stays scheduled, and the next renewal works.',
    async run(t) {
      await t.actions.queueTokenFault('html', 1);
      t.renew();
      const { event } = await t.waitForEvent('error', 'error event', () => true);
      t.check(event.error.name === 'RefreshResponseError' && /html/i.test(event.error.message) && !event.fatal,
        `non-fatal ${event.error.name}: ${event.error.message}`, `expected a non-fatal RefreshResponseError about HTML, saw ${event.error.name}: ${event.error.message}`);
      t.check(t.eventsOf('retrying').length === 0, 'not retried');
      t.check(t.eventsOf('ended').length === 0 && t.demo.session?.state === 'active', 'not logged out: state active', `state is ${t.demo.session?.state}`);
      t.check(t.demo.session?.renewAt !== undefined, 'the next proactive renewal is still scheduled');
      await noRefusals(t);
      await sleep(2_200); // past the failure cooldown
      t.renew();
      const after = await t.waitForEvent('renewed', 'renewal after the HTML page', (e) => e.reason === 'manual');
      await tokenTaken(t, after.at);
    },
  },
  {
    id: 'malformed',
    title: 'Malformed token',
    expected: 'A token that is not a JWT is refused by the library before the viewer gets it (InvalidTokenError, not retried); the engine never sees it (no auth failure); the session stays active and the next renewal works.',
    async run(t) {
      await t.actions.queueTokenFault('malformed', 1);
      t.renew();
      const { event } = await t.waitForEvent('error', 'error event', () => true);
      t.check(event.error.name === 'InvalidTokenError' && !event.fatal, `non-fatal ${event.error.name}: ${event.error.message}`, `expected InvalidTokenError, saw ${event.error.name}`);
      t.check(t.eventsOf('renewed').length === 0, 'the bad token was not handed to the viewer');
      t.check(t.demo.session?.state === 'active', 'state still active (the old token is valid)', `state is ${t.demo.session?.state}`);
      await noRefusals(t);
      await sleep(2_200);
      t.renew();
      const after = await t.waitForEvent('renewed', 'renewal after the malformed token', (e) => e.reason === 'manual');
      await tokenTaken(t, after.at);
    },
  },
  {
    id: 'logged-out',
    title: '401 logged out, then sign in again',
    expected: 'The token endpoint answers 401: state ended, one "ended" event, the "Session ended" banner; no more token requests. "Sign in again" renews (manual), the banner goes and the session is active.',
    async run(t) {
      await t.actions.queueTokenFault('401', 1);
      t.renew();
      // A retry means the 401 was not taken as "signed out": no need to wait for an end that will not come.
      await t.waitUntil('"ended" event', () => t.eventsOf('ended').length > 0 || t.eventsOf('retrying').length > 0);
      t.check(t.eventsOf('retrying').length === 0, 'the 401 was not retried', `the library retried after the 401 (${t.eventsOf('retrying').length}×) instead of ending the session`);
      const ended = await t.waitForEvent('ended', '"ended" event');
      t.check(t.demo.session?.state === 'ended', 'state ended', `state is ${t.demo.session?.state}`);
      t.check(t.deps.bannerShown(), 'the "Session ended" banner shows');
      await sleep(2_000);
      const tokenRequests = (await t.requests((e) => e.kind === 'token')).length;
      t.check(t.eventsOf('ended').length === 1 && tokenRequests === 1, `one ended event, ${tokenRequests} token request, nothing more in 2 s`, `${t.eventsOf('ended').length} ended events, ${tokenRequests} token requests`);
      t.check(t.deps.clickBanner(), 'clicked "Sign in again"');
      const { at } = await t.waitForEvent('renewed', 'renewal after signing in again', (e) => e.reason === 'manual', 20_000, ended.at);
      await t.waitUntil('banner hidden and state active', () => !t.deps.bannerShown() && t.demo.session?.state === 'active', 5_000);
      t.check(true, 'banner gone, state active');
      await tokenTaken(t, at);
    },
  },
  {
    id: 'engine-down',
    title: 'Engine down and up',
    expected: 'Engine down, "Renew now": the token endpoint still gives a token, but the Engine\'s view shows it was NOT taken (no /auth reached the engine). Engine up, "Renew now" and a zoom: the engine takes the token (/auth 200) and tiles load; the session never ends.',
    async run(t) {
      await t.actions.engineDown();
      t.renew();
      const down = await t.waitForEvent('renewed', 'renewal while the engine is down', (e) => e.reason === 'manual');
      await sleep(5_200);
      const auths = await t.requests((e) => e.server === 'engine' && e.kind === 'auth' && e.method === 'POST' && e.time >= down.at - 250);
      t.check(auths.length === 0, 'library renewed, but no /auth reached the engine: the Engine\'s view shows "NOT taken"', `${auths.length} /auth reached a down engine?`);
      await t.actions.engineUp();
      t.renew();
      const up = await t.waitForEvent('renewed', 'renewal after engine up', (e) => e.reason === 'manual', 20_000, down.at + 1);
      await tokenTaken(t, up.at);
      t.zoom();
      const tile = await t.waitForRequest('tile 200 after engine up', (e) => e.server === 'engine' && e.kind === 'tile' && e.status === 200 && e.time >= up.at);
      t.check(true, `tiles load again: ${tile.kind} 200 on ${tile.session}`);
      t.check(t.eventsOf('ended').length === 0, 'the session did not end');
    },
  },
  {
    id: 'websocket',
    title: 'Websocket drop with Instant on',
    expected: 'With Instant sync on (viewer reloads), "Drop websockets" closes the viewer\'s websocket; it reconnects by itself (a new websocket at the engine), no auth failure, and a rectangle drawn afterwards is saved (sync 200).',
    async run(t) {
      await t.reload({ proactive: true, instant: true });
      await t.waitForRequest('websocket with Instant on', (e) => e.kind === 'websocket' && e.status === 101, 30_000);
      await t.actions.dropWebsockets();
      const droppedAt = realNow();
      const again = await t.waitForRequest('websocket reconnect', (e) => e.kind === 'websocket' && e.status === 101 && e.time > droppedAt, 40_000);
      t.check(true, `websocket reconnected ${duration(again.time - droppedAt)} after the drop`);
      await t.draw();
      const synced = await t.waitForRequest('sync 200 after drawing', (e) => e.kind === 'sync' && e.status === 200 && e.time > droppedAt);
      t.check(true, `rectangle saved: sync 200 on ${synced.session}`);
      await noRefusals(t);
    },
  },
  {
    id: 'proactive-off',
    title: 'Proactive renewal off',
    expected: 'With proactive renewal off and 8 s tokens (viewer reloads): nothing renews while the token is valid; when it runs out the state becomes "expired"; the next zoom is refused by the engine once (expected) and the library renews (reason auth-failed).',
    async run(t) {
      await t.actions.setTokenLifetime(8);
      await t.reload({ proactive: false, instant: false });
      const expiresAt = t.demo.session?.expiresAt ?? Date.now(); // the library's frame: Date.now
      await t.waitUntil('token expiry passes', () => Date.now() > expiresAt + 1_000 /* the library's frame */, 15_000);
      t.check(t.eventsOf('renewed').every(({ event }) => event.reason === 'initial'), 'no renewal while the token was valid');
      const stateAfterExpiry = t.demo.session?.state;
      const zoomAt = realNow();
      t.zoom();
      const { at } = await t.waitForEvent('renewed', 'renewal (auth-failed)', (e) => e.reason === 'auth-failed', 25_000, zoomAt);
      const refused = (await t.refusals()).filter((e) => e.time >= zoomAt);
      t.check(refused.length > 0 && refused.every((e) => e.detail === 'Token has expired'), `the engine refused the expired token (${refused.length}×, expected)`, `refusals: ${refused.map((e) => e.detail).join(', ') || 'none'}`);
      await tokenTaken(t, at);
      // Checked last so the steps above give their evidence either way.
      t.check(stateAfterExpiry === 'expired', 'state was "expired" once the token ran out', `state was "${stateAfterExpiry}" 1 s after expiry, not "expired"`);
    },
  },
];

/** Every scenario, in the order "Run all" runs them. */
export const SCENARIOS: Scenario[] = [...CORE_SCENARIOS, ...MORE_SCENARIOS];
