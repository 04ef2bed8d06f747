import type { SessionError } from './errors.js';

/** Why a renewal started. */
export type RenewalReason = 'initial' | 'auth-failed' | 'proactive' | 'wake' | 'manual';

export type SessionState =
  | 'starting' // fetching the first token or loading the viewer
  | 'active' // the viewer holds a token that is still valid
  | 'renewing' // a renewal is in flight
  | 'expired' // the last renewal failed and the token has run out; the next trigger tries again
  | 'ended' // the refresh endpoint said the user's session is over; nothing more until `renew()`
  | 'unloaded';

/** Events carry expiry times and counts, never a token's text. Times are `Date.now()` ms. */
export interface SessionEventMap {
  renewing: { type: 'renewing'; reason: RenewalReason; at: number };
  renewed: { type: 'renewed'; reason: RenewalReason; expiresAt: number; renewAt: number; attempts: number; durationMs: number };
  retrying: {
    type: 'retrying';
    reason: RenewalReason;
    /** The attempt that failed (1-based). */
    attempt: number;
    delayMs: number;
    status: number | undefined;
    error: SessionError;
    /** Time left before this renewal's deadline, after the delay. */
    timeLeftMs: number;
  };
  /** `fatal`: the session will not renew by itself any more (ended, or a loop was stopped). */
  error: { type: 'error'; reason: RenewalReason; error: SessionError; fatal: boolean };
  ended: { type: 'ended'; reason: RenewalReason; error: SessionError };
  state: { type: 'state'; state: SessionState; previous: SessionState };
}

export type SessionEventType = keyof SessionEventMap;
export type SessionEvent = SessionEventMap[SessionEventType];
export type SessionListener = (event: SessionEvent) => void;

/** A tiny typed emitter. A listener that throws cannot break renewal. */
export class SessionEvents {
  readonly #listeners = new Set<SessionListener>();

  subscribe(listener: SessionListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  on<T extends SessionEventType>(type: T, listener: (event: SessionEventMap[T]) => void): () => void {
    return this.subscribe((event) => {
      if (event.type === type) listener(event as SessionEventMap[T]);
    });
  }

  emit(event: SessionEvent): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener(event);
      } catch (error) {
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }

  get size(): number {
    return this.#listeners.size;
  }

  clear(): void {
    this.#listeners.clear();
  }
}
