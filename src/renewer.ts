import { acceptToken, type AcceptedToken, type TokenExpectations } from './accept-token.js';
import { SessionClock, type Clock } from './clock.js';
import { Deadline } from './deadline.js';
import type { Environment } from './environment.js';
import { SessionEndedError, SessionError, SessionUnloadedError, SetSessionError, TokenNotExtendedError } from './errors.js';
import type { RenewalReason, SessionEvents, SessionState } from './events.js';
import type { ResolvedRenewalOptions } from './options.js';
import { summarizeError } from './redact.js';
import type { RefreshSource } from './refresh-source.js';
import { isProactive, runRenewalCycle } from './renewal-cycle.js';
import { RenewalGuard } from './renewal-guard.js';
import { sleep, whenDue } from './timer.js';

export interface RenewerSetup {
  source: RefreshSource;
  options: ResolvedRenewalOptions;
  env: Environment;
  events: SessionEvents;
  documentId: string;
  /** Hands a checked token to the viewer (setSession), if there is one yet. May throw. */
  apply: (jwt: string) => void;
  /** Wall and monotonic clocks; for tests. */
  clock?: Clock;
}

interface Flight {
  promise: Promise<void>;
  controller: AbortController;
  deadline: Deadline;
}

/**
 * The session's auth state machine. Triggers (the viewer's onAuthFailed, the timer, wake-ups, the
 * app's renew()) go through `renew`, where the guard decides, one flight acts, and the outcome is
 * reported; the state is derived from facts in one place (`#derivedState`), and so is the single
 * timer (`#nextCheck`), re-planned after every change.
 */
export class Renewer {
  #state: SessionState = 'starting';
  #viewerReady = false;
  #disposed = false;
  #token: AcceptedToken | undefined;
  /** The viewer reported an auth failure with the current token: it no longer counts as valid. */
  #refused = false;
  #flight: Flight | undefined;
  readonly #guard: RenewalGuard;
  readonly #clock: SessionClock;
  #cancelTimer = () => {};
  readonly #unwatch: () => void;

  constructor(private readonly setup: RenewerSetup) {
    this.#clock = new SessionClock(setup.clock);
    this.#guard = new RenewalGuard(setup.options);
    this.#unwatch = setup.env.watch(() => this.#check('wake'));
  }

  get state(): SessionState {
    return this.#state;
  }
  get token(): Readonly<AcceptedToken> | undefined {
    return this.#token;
  }
  get lastError(): SessionError | undefined {
    return this.#guard.lastError;
  }
  /** When the token expires, as a `Date.now()` time. */
  get expiresAt(): number | undefined {
    const due = this.#token?.expiryDue;
    return due === undefined ? undefined : this.#clock.toWall(due);
  }
  /** When the next proactive renewal is planned, as a `Date.now()` time; undefined when none is. */
  get renewAt(): number | undefined {
    const due = this.#nextRenewalDue();
    return due === undefined ? undefined : this.#clock.toWall(due);
  }

  /** The viewer exists and holds the current token: from now on the state says `active`. */
  markViewerReady(): void {
    if (this.#viewerReady || this.#disposed) return;
    this.#viewerReady = true;
    this.#update();
  }

  /** Takes a token the app already had (no request). Throws InvalidTokenError when it cannot serve. */
  adopt(jwt: string): void {
    this.#commit(acceptToken(jwt, { serverNow: undefined, fresh: false }, this.#expectations(), this.setup.options, this.#clock));
  }

  /** Renews now, or joins the renewal in flight. Resolves once the viewer has the new token. */
  renew(reason: RenewalReason): Promise<void> {
    if (this.#disposed) return Promise.reject(new SessionUnloadedError());
    if (reason === 'auth-failed' && this.#token) this.#refused = true;
    if (this.#flight) {
      // The viewer is waiting now: the renewal must end inside the SDK's window.
      if (reason === 'auth-failed') this.#flight.deadline.pullIn(Date.now() + this.setup.options.budgetMs);
      return this.#flight.promise;
    }
    const decision = this.#guard.decide(reason, this.#clock.now());
    if (decision.action === 'refuse') {
      this.#update();
      if (decision.stops) this.#report(reason, decision.error, true);
      return Promise.reject(decision.error);
    }
    return this.#start(reason, decision.delayMs).promise;
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#flight?.controller.abort(new SessionUnloadedError());
    this.#unwatch();
    this.#update();
  }

  #start(reason: RenewalReason, delayMs: number): Flight {
    const { options, events } = this.setup;
    const startedAt = Date.now();
    const expiresAt = isProactive(reason) ? (this.expiresAt ?? 0) : 0;
    const deadline = new Deadline(Math.max(startedAt + delayMs + options.budgetMs, expiresAt));
    const controller = new AbortController();
    const { signal } = controller;
    // A spaced-out `renew()` waits inside the flight, so every trigger meanwhile joins it.
    const waited = delayMs > 0 ? sleep(delayMs, signal) : Promise.resolve();
    const cycle = waited.then(() => {
      this.#guard.started(this.#clock.now());
      return runRenewalCycle({ ...this.setup, clock: this.#clock, expected: this.#expectations(), reason, signal, deadline });
    });
    // The flight is in place before any listener hears of it, and gone before it hears the outcome,
    // so a listener that calls renew() joins this renewal or starts the next one, never a second.
    const flight: Flight = {
      controller,
      deadline,
      promise: cycle.then(
        ({ token, attempts }) => {
          this.#land(flight);
          // Commit guard: a renewal that ends after unload never reaches the viewer.
          if (signal.aborted) throw signal.reason;
          try {
            this.setup.apply(token.jwt);
          } catch (error) {
            const summary = summarizeError(error);
            return this.#fail(reason, new SetSessionError(`The viewer's setSession threw ${summary.name}: ${summary.message}`, { cause: summary }), signal);
          }
          this.#guard.succeeded();
          this.#commit(token);
          const durationMs = Date.now() - startedAt;
          const { expiresAt: exp, renewAt } = this;
          events.emit({ type: 'renewed', reason, expiresAt: exp, renewAt, attempts, durationMs, method: 'setSession', source: 'this-tab' });
        },
        (error: unknown) => {
          this.#land(flight);
          return this.#fail(reason, error, signal);
        },
      ),
    };
    this.#flight = flight;
    events.emit({ type: 'renewing', reason, at: startedAt });
    this.#update();
    return flight;
  }

  #land(flight: Flight): void {
    if (this.#flight === flight) this.#flight = undefined;
  }

  #fail(reason: RenewalReason, error: unknown, signal: AbortSignal): never {
    if (signal.aborted) throw signal.reason;
    const failure = error instanceof SessionError ? error : new SessionError('Renewal failed', { cause: summarizeError(error) });
    this.#guard.failed(failure, this.#clock.now());
    this.#update();
    this.#report(reason, failure, failure instanceof SessionEndedError);
    throw failure;
  }

  #report(reason: RenewalReason, error: SessionError, fatal: boolean): void {
    const { events } = this.setup;
    events.emit({ type: 'error', reason, error, fatal });
    if (error instanceof SessionEndedError) events.emit({ type: 'ended', reason, error });
  }

  #commit(token: AcceptedToken): void {
    this.#token = token;
    this.#refused = false;
    this.#update();
  }

  /** A wake-up or the timer: the state may have changed with the clock, and a renewal may be due. */
  #check(cause: 'timer' | 'wake'): void {
    if (this.#disposed) return;
    const due = this.#nextRenewalDue();
    const now = this.#clock.now();
    // After a wake the viewer may be about to ask: an expired token is renewed at once, not at the next tick.
    const wokeExpired = cause === 'wake' && this.#state === 'expired' && this.setup.options.proactive && !this.#flight;
    if ((due !== undefined && due <= now) || wokeExpired) {
      this.renew(cause === 'wake' ? 'wake' : 'proactive').catch(() => {}); // failures are reported as events
    }
    this.#update();
  }

  /**
   * When the next proactive renewal is due, in session time. A failure before `renewAt` never
   * moves it later; a failure after it retries at half the time left (at least the cooldown);
   * a token that was not extended waits for its expiry; Retry-After holds it back.
   */
  #nextRenewalDue(): number | undefined {
    const token = this.#token;
    if (!token || !this.setup.options.proactive || this.#disposed || this.#flight) return undefined;
    if (this.#guard.ended || this.#guard.stopped || token.renewDue === undefined || token.expiryDue === undefined) {
      return undefined;
    }
    let due = token.renewDue;
    const failure = this.#guard.lastFailure;
    if (failure && failure.error instanceof TokenNotExtendedError) due = token.expiryDue;
    else if (failure && failure.at >= token.renewDue) {
      // Too late for one more attempt: the viewer's next request or a wake-up asks.
      if (failure.at + this.setup.options.minAttemptMs >= token.expiryDue) return undefined;
      due = failure.at + Math.max(this.setup.options.failureCooldownMs, (token.expiryDue - failure.at) / 2);
    }
    return Math.max(due, this.#guard.holdUntil);
  }

  #derivedState(): SessionState {
    if (this.#disposed) return 'unloaded';
    if (this.#guard.ended) return 'ended';
    if (this.#guard.stopped) return 'stopped';
    if (!this.#viewerReady) return 'starting';
    if (this.#flight) return 'renewing';
    const token = this.#token;
    if (!token || this.#refused || (token.expiryDue !== undefined && token.expiryDue <= this.#clock.now())) return 'expired';
    return 'active';
  }

  /** Re-derives the state (reporting a change) and re-plans the one timer. */
  #update(): void {
    const previous = this.#state;
    const state = this.#derivedState();
    if (state !== previous) {
      this.#state = state;
      this.setup.events.emit({ type: 'state', state, previous });
    }
    this.#cancelTimer();
    this.#cancelTimer = () => {};
    const next = this.#nextCheck();
    if (next === undefined) return;
    this.#cancelTimer = whenDue(() => next - this.#clock.now(), () => this.#check('timer'), this.setup.options.checkIntervalMs);
  }

  /** The next moment the timer must look: a renewal due, or the token's expiry (the state changes then). */
  #nextCheck(): number | undefined {
    if (this.#disposed) return undefined;
    const renewal = this.#nextRenewalDue();
    const expiry = this.#state === 'active' || this.#state === 'renewing' ? this.#token?.expiryDue : undefined;
    const moments = [renewal, expiry].filter((at): at is number => at !== undefined);
    return moments.length ? Math.min(...moments) : undefined;
  }

  /** What a new token must match: the viewer's document, the layer of its first token, and a later expiry. */
  #expectations(): TokenExpectations {
    // Before the viewer has loaded, the current token reached nobody: any valid one replaces it.
    const current = this.#viewerReady ? this.#token : undefined;
    return {
      documentId: this.setup.documentId,
      lockedLayer: this.#token && { layer: this.#token.claims.layer },
      current,
      currentRefused: this.#refused,
    };
  }
}
