// Did the engine take the token the library handed over? setSession returns nothing; the viewer
// then POSTs .../auth with the new token. Its answer in the stand-in's log is the confirmation.
import type { RequestEntry } from './admin-api';

/** setSession's /auth normally follows within milliseconds; a slow engine gets this long. */
export const HANDOVER_WAIT_MS = 5_000;

export type HandoverStatus = 'waiting' | 'confirmed' | 'refused' | 'unconfirmed';

export interface Handover {
  renewedAt: number;
  status: HandoverStatus;
  /** The engine's /auth answer that settled it. */
  auth?: RequestEntry;
}

/** Same machine, same clock: the /auth is logged when its answer ends, after `renewed` was recorded. */
const CLOCK_SLACK_MS = 5;

/**
 * `knownUntil`: the log was read at this time (a slow poll must not look like a missing /auth).
 * `nextLoadAt`: when the viewer was next (re)loaded, if it was: that load's /auth carries the load's
 * own token, so it proves nothing about this renewal's (a reload must not be credited to it).
 */
export function handoverOf(renewedAt: number, entries: readonly RequestEntry[], knownUntil: number, nextLoadAt = Infinity): Handover {
  // Any /auth 200 after the renewal settles it; a refusal alone may be the SDK re-trying the old token.
  const auths = entries.filter((entry) => entry.server === 'engine' && entry.kind === 'auth' && entry.method === 'POST'
    && entry.time >= renewedAt - CLOCK_SLACK_MS && entry.time < nextLoadAt);
  const taken = auths.find((entry) => entry.status === 200);
  if (taken) return { renewedAt, status: 'confirmed', auth: taken };
  const refused = auths.at(-1);
  const waited = Math.min(knownUntil, nextLoadAt) - renewedAt >= HANDOVER_WAIT_MS || nextLoadAt < knownUntil;
  if (refused && waited) return { renewedAt, status: 'refused', auth: refused };
  return { renewedAt, status: waited ? 'unconfirmed' : 'waiting' };
}
