// Why a scenario failed, in one line a tester understands, read from the library's own events
// (their error codes, HTTP statuses, reasons and renew-at times) and the stand-in's log. A failed
// card shows it above the evidence; "no renewal within 30 s" says what was missed, this says why.
import type { RequestEntry } from '../admin-api';
import type { TimedEvent } from '../demo-session';
import { clockTime, plural } from '../format';

export interface CauseInput {
  /** The session's events since the scenario started. */
  events: readonly TimedEvent[];
  /** The stand-in's requests since the scenario started (admin calls left out). */
  requests: readonly RequestEntry[];
  /** The first viewer (re)load after `at`: its /auth carries the load's token, not a renewal's. */
  nextLoadAfter: (at: number) => number;
  now: number;
}

/** setSession's /auth follows within milliseconds; the demo's handover check waits this long. */
const HANDOVER_MS = 5_000;
/** A renew-at this far in the past without a proactive renewal is a missed one. */
const OVERDUE_MS = 2_000;

type Rule = (input: CauseInput) => string | undefined;

const isAuthStatus = (status: number | undefined) => status === 401 || status === 403;

/** The token endpoint said the user is signed out, and the library tried again instead of ending. */
const signOutRetried: Rule = ({ events, requests }) => {
  const refused = requests.find((entry) => entry.kind === 'token' && isAuthStatus(entry.status));
  if (!refused || events.some(({ event }) => event.type === 'ended')) return undefined;
  const retries = events.filter(({ at, event }) => event.type === 'retrying' && at >= refused.time - 5).length;
  const asked = requests.filter((entry) => entry.kind === 'token' && entry.time > refused.time).length;
  return retries > 0 || asked > 0
    ? `the token endpoint's ${refused.status} was retried (${plural(retries, 'retry')}${asked > 0 ? `, ${plural(asked, 'more token request')}` : ''}) instead of ending the session`
    : `the token endpoint answered ${refused.status} (signed out) but the library did not end the session`;
};

/** A renewal gave up on an answer it should have retried (5xx, 429, network, timeout). */
const notRetried: Rule = ({ events }) => {
  const failed = events.find(({ event }) => event.type === 'error' && ['refresh-http', 'refresh-network', 'refresh-timeout'].includes(event.error.code));
  if (!failed || failed.event.type !== 'error') return undefined;
  const { error, reason } = failed.event;
  const status = error.status === undefined ? error.name : `HTTP ${error.status}`;
  if (isAuthStatus(error.status)) return undefined;
  const retries = events.filter(({ at, event }) => event.type === 'retrying' && at <= failed.at).length;
  return retries === 0
    ? `${status} was not retried: the ${reason} renewal gave up after its first attempt (${error.code})`
    : `the ${reason} renewal gave up after ${plural(retries, 'retry')}: ${status} (${error.code})`;
};

const ended: Rule = ({ events }) => {
  const found = events.find(({ event }) => event.type === 'ended');
  if (!found || found.event.type !== 'ended') return undefined;
  const { error, reason } = found.event;
  return `the session ended during a ${reason} renewal: ${error.name}${error.status ? ` (HTTP ${error.status})` : ''}`;
};

/** The library renewed, but the viewer never sent the new token to the engine. */
const tokenNotHandedOver: Rule = ({ events, requests, nextLoadAfter, now }) => {
  for (const { at, event } of events) {
    if (event.type !== 'renewed' || event.reason === 'initial' || event.source === 'other-tab') continue;
    const until = Math.min(nextLoadAfter(at), now);
    if (until - at < HANDOVER_MS) continue;
    const auths = requests.filter((e) => e.server === 'engine' && e.kind === 'auth' && e.method === 'POST' && e.time >= at - 5 && e.time < until);
    if (auths.some((e) => e.status === 200)) continue;
    const engineAnswered = requests.some((e) => e.server === 'engine' && e.time >= at && e.status > 0);
    if (!engineAnswered && auths.length === 0) continue; // the engine was down: nothing could reach it
    const reloaded = nextLoadAfter(at) < now ? ' (the viewer was reloaded afterwards)' : '';
    return `setSession was never called: the library renewed (${event.reason}) at ${clockTime(at)}, but no /auth with the new token reached the engine${reloaded}`;
  }
  return undefined;
};

/** No proactive renewal although the token had a renew-at time, or none was planned at all. */
const noProactive: Rule = ({ events, now }) => {
  const renewals = events.filter(({ event }) => event.type === 'renewed');
  const last = renewals.at(-1);
  if (!last || last.event.type !== 'renewed') return undefined;
  const proactiveLater = events.some(({ at, event }) => at > last.at && event.type === 'renewing' && (event.reason === 'proactive' || event.reason === 'wake'));
  if (proactiveLater) return undefined;
  const { renewAt, expiresAt, reason } = last.event;
  const expired = expiresAt !== undefined && expiresAt < now ? `; the token expired at ${clockTime(expiresAt)}` : '';
  if (renewAt === undefined) return `no proactive renewal was planned: the ${reason} renewal at ${clockTime(last.at)} came without a renew-at time${expired}`;
  if (now - renewAt > OVERDUE_MS) return `no proactive renewal: its time (${clockTime(renewAt)}) passed without one${expired}`;
  return undefined;
};

const failedRenewal: Rule = ({ events }) => {
  const found = events.find(({ event }) => event.type === 'error');
  if (!found || found.event.type !== 'error') return undefined;
  const { error, reason } = found.event;
  return `the ${reason} renewal failed: ${error.code}${error.status ? ` (HTTP ${error.status})` : ''}: ${error.message}`;
};

const engineRefused: Rule = ({ requests }) => {
  const refused = requests.filter((e) => e.server === 'engine' && isAuthStatus(e.status));
  if (refused.length === 0) return undefined;
  const first = refused[0]!;
  return `the engine refused ${plural(refused.length, 'request')}: ${first.status} ${first.detail ?? ''} on ${first.kind}`.trim();
};

const RULES: Rule[] = [signOutRetried, notRetried, ended, tokenNotHandedOver, noProactive, failedRenewal, engineRefused];

/** The first rule that explains what went wrong, or undefined when the events show nothing amiss. */
export function causeOf(input: CauseInput): string | undefined {
  for (const rule of RULES) {
    const cause = rule(input);
    if (cause) return cause;
  }
  return undefined;
}
