import type { SessionError } from '../errors/errors.js';

/** Why a renewal started; `other-tab` when another tab's outcome (a shared token, a sign-out) reached this one. */
export type RenewalReason = 'initial' | 'auth-failed' | 'proactive' | 'wake' | 'manual' | 'other-tab';

/**
 * Where the session is; `session.state`, and the `state` event on every change.
 * @example session.on('state', ({ state }) => badge.textContent = state);
 */
export type SessionState =
  /** Fetching the first token or loading the viewer. */
  | 'starting'
  /** The viewer holds a token that is still valid. */
  | 'active'
  /** A renewal is in flight. */
  | 'renewing'
  /** The token has run out (or the viewer refused it) with no renewal yet; the next trigger tries again. */
  | 'expired'
  /** The refresh endpoint said the user's session is over; nothing more until `renew()`. */
  | 'ended'
  /** Renewals or failures came in a loop: renewal stopped; nothing more until `renew()`. */
  | 'stopped'
  /** `unload()` ran (or the app unloaded the viewer itself): nothing more. */
  | 'unloaded';

/**
 * How the viewer got the new token: `load`, in `NutrientViewer.load()` (the first token);
 * `setSession` (SDK 1.14 and later); `swap`, a second viewer loaded hidden and shown in place of
 * the first; `reload`, the same viewer unloaded and loaded again.
 */
export type RenewalMethod = 'load' | 'setSession' | ReplaceMethod;

/** How a viewer without setSession gets a new token: a hidden second viewer shown in its place, or a reload. */
export type ReplaceMethod = 'swap' | 'reload';

/**
 * Why changes were not saved: `rejected`, the save failed as a whole (network, engine down, token
 * refused); `refused`, the engine refused these changes; `timed-out`, no answer within
 * `saveTimeoutMs`; `no-save`, the viewer has no `save()`.
 */
export type SaveFailureReason = 'rejected' | 'refused' | 'timed-out' | 'no-save';

/** When the session saved: before the session `ended`, before it unloaded the viewer, or `session.save()`. */
export type SaveOccasion = 'ended' | 'unload' | 'save' | 'swap';

/** Where the token came from: this page's own request, or another tab's. */
export type TokenSource = 'this-tab' | 'other-tab';

/**
 * Every event by its `type`. Events carry expiry times and counts, never a token's text. Times are `Date.now()` ms.
 * @example session.on('renewed', ({ expiresAt, method }) => console.log(method, expiresAt && new Date(expiresAt)));
 */
export interface SessionEventMap {
  /** A renewal started, for `reason`, at `at`. */
  renewing: { type: 'renewing'; reason: RenewalReason; at: number };
  /** The viewer has a new token (`method` says how; `source` whether this tab fetched it). */
  renewed: {
    type: 'renewed';
    reason: RenewalReason;
    /** `Date.now()` times; undefined when no clock reading can tell (see docs/reference.md, "`refresh`"). */
    expiresAt: number | undefined;
    /** The next proactive renewal; undefined when none is planned. */
    renewAt: number | undefined;
    /** Requests this renewal made (1 when the first one worked). */
    attempts: number;
    /** From `renewing` to the viewer holding the token. */
    durationMs: number;
    method: RenewalMethod;
    source: TokenSource;
  };
  /** An attempt failed and another follows after `delayMs`. */
  retrying: {
    type: 'retrying';
    reason: RenewalReason;
    /** The attempt that failed (1-based). */
    attempt: number;
    delayMs: number;
    /** The HTTP status of the failed attempt, when it had one. */
    status: number | undefined;
    error: SessionError;
    /** Time left before this renewal's deadline, after the delay. */
    timeLeftMs: number;
  };
  /** `fatal`: the session will not renew by itself any more (ended, or stopped after a loop). */
  error: { type: 'error'; reason: RenewalReason; error: SessionError; fatal: boolean };
  /**
   * The user's session is over (401, 403, a login redirect, or `signOut()`); `error` is a
   * `SessionEndedError`. Emitted once, after the viewer's pending changes were saved (within
   * `saveTimeoutMs`): `unsavedChanges` counts those that could not be (a `save-failed` event before it says why).
   */
  ended: { type: 'ended'; reason: RenewalReason; error: SessionError; unsavedChanges: number };
  /**
   * Changes the user made did not reach the engine: a save the session made (before the end, before
   * an unload, `session.save()`) rejected, timed out or had changes refused; or (`swap`) the old
   * viewer of a swap could not save and the new one could not make or save its changes (rule
   * `swap-carry-changes`; they stay unsaved in the new viewer when it has them). Non-fatal. Counts
   * only, never the changes' content.
   */
  'save-failed': {
    type: 'save-failed';
    /** How many changes did not reach the engine (annotations touched; at least 1). */
    changes: number;
    reason: SaveFailureReason;
    /** The save's occasion. */
    during: SaveOccasion;
  };
  /** `session.state` changed from `previous` to `state`. */
  state: { type: 'state'; state: SessionState; previous: SessionState };
  /**
   * A swap or reload replaced the viewer (SDKs without setSession): `session.instance` is this one
   * now; the old instance is unloaded. Apps that keep their own reference switch to it here.
   */
  instance: { type: 'instance'; method: ReplaceMethod; instance: unknown };
}

/** The name of an event: `renewing`, `renewed`, `retrying`, `error`, `ended`, `save-failed`, `state` or `instance`. */
export type SessionEventType = keyof SessionEventMap;
/**
 * Any event; narrow it by `type`.
 * @example session.subscribe((event) => { if (event.type === 'error' && event.fatal) report(event.error); });
 */
export type SessionEvent = SessionEventMap[SessionEventType];
/** A listener of every event, as `subscribe` and the `onEvent` option take it. */
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
