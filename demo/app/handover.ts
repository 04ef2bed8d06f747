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

export function handoverOf(renewedAt: number, entries: readonly RequestEntry[], now = Date.now()): Handover {
  // The /auth may be logged a few ms before the page recorded `renewed` (its answer ends later).
  const auth = entries.find((entry) => entry.server === 'engine' && entry.kind === 'auth' && entry.method === 'POST' && entry.time >= renewedAt - 250);
  if (auth?.status === 200) return { renewedAt, status: 'confirmed', auth };
  if (auth) return { renewedAt, status: 'refused', auth };
  return { renewedAt, status: now - renewedAt < HANDOVER_WAIT_MS ? 'waiting' : 'unconfirmed' };
}
