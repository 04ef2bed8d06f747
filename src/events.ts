import type { SessionError } from './errors.js';

/** Why a renewal started; `other-tab` when another tab's outcome (a shared token, a sign-out) reached this one. */
export type RenewalReason = 'initial' | 'auth-failed' | 'proactive' | 'wake' | 'manual' | 'other-tab';

export type SessionState =
  | 'starting' // fetching the first token or loading the viewer
  | 'active' // the viewer holds a token that is still valid
  | 'renewing' // a renewal is in flight
  | 'expired' // the token has run out (or the viewer refused it) with no renewal yet; the next trigger tries again
  | 'ended' // the refresh endpoint said the user's session is over; nothing more until `renew()`
  | 'stopped' // renewals or failures came in a loop: renewal stopped; nothing more until `renew()`
  | 'unloaded';

/**
 * How the viewer got the new token: `load`, in `NutrientViewer.load()` (the first token);
 * `setSession` (SDK 1.14 and later); `swap`, a second viewer loaded hidden and shown in place of
 * the first; `reload`, the same viewer unloaded and loaded again.
 */
export type RenewalMethod = 'load' | 'setSession' | ReplaceMethod;

/** How a viewer without setSession gets a new token: a hidden second viewer shown in its place, or a reload. */
export type ReplaceMethod = 'swap' | 'reload';

/** Where the token came from: this page's own request, or another tab's. */
export type TokenSource = 'this-tab' | 'other-tab';

/** Events carry expiry times and counts, never a token's text. Times are `Date.now()` ms. */
export interface SessionEventMap {
  renewing: { type: 'renewing'; reason: RenewalReason; at: number };
  renewed: {
    type: 'renewed';
    reason: RenewalReason;
    /** `Date.now()` times; undefined when no clock reading can tell (see README, "Your token endpoint"). */
    expiresAt: number | undefined;
    /** The next proactive renewal; undefined when none is planned. */
    renewAt: number | undefined;
    attempts: number;
    durationMs: number;
    method: RenewalMethod;
    source: TokenSource;
  };
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
  /** `fatal`: the session will not renew by itself any more (ended, or stopped after a loop). */
  error: { type: 'error'; reason: RenewalReason; error: SessionError; fatal: boolean };
  ended: { type: 'ended'; reason: RenewalReason; error: SessionError };
  state: { type: 'state'; state: SessionState; previous: SessionState };
  /**
   * A swap or reload replaced the viewer (SDKs without setSession): `session.instance` is this one
   * now; the old instance is unloaded. Apps that keep their own reference switch to it here.
   */
  instance: { type: 'instance'; method: ReplaceMethod; instance: unknown };
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
