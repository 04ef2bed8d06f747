import type { SessionEndReason } from '../errors/errors.js';
import type { RenewalReason } from '../session/events.js';

/**
 * What tabs tell each other. `key` names the engine, document (and so, with the token checks, the
 * layer) a token is for; messages for another key are ignored. Tokens travel only over the
 * same-origin, in-memory channel: never to storage, never in an event or log.
 */
export type SharingMessage =
  | { v: 1; kind: 'claim'; tab: string; key: string }
  | { v: 1; kind: 'token'; tab: string; key: string; jwt: string; remainingMs: number; reason: RenewalReason }
  /** `key` set: only that document's sessions end (a 403); without it, every session of the scope (the user signed out). */
  | { v: 1; kind: 'ended'; tab: string; reason: SessionEndReason; status: number; key?: string };

const reasons = new Set<string>(['initial', 'auth-failed', 'proactive', 'wake', 'manual']);
const endReasons = new Set<string>(['unauthorized', 'forbidden', 'redirect', 'signed-out']);

/** Anything on the channel may come from other code on the origin: only well-formed messages count. */
export function readSharingMessage(data: unknown): SharingMessage | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const m = data as Record<string, unknown>;
  if (m['v'] !== 1 || typeof m['tab'] !== 'string') return undefined;
  switch (m['kind']) {
    case 'claim':
      return typeof m['key'] === 'string' ? (m as SharingMessage) : undefined;
    case 'token':
      return typeof m['key'] === 'string' &&
        typeof m['jwt'] === 'string' &&
        typeof m['remainingMs'] === 'number' &&
        Number.isFinite(m['remainingMs']) &&
        reasons.has(m['reason'] as string)
        ? (m as SharingMessage)
        : undefined;
    case 'ended':
      return endReasons.has(m['reason'] as string) && typeof m['status'] === 'number' && (m['key'] === undefined || typeof m['key'] === 'string')
        ? (m as SharingMessage)
        : undefined;
    default:
      return undefined;
  }
}
