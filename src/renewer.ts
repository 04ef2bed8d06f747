import { acceptToken, type AcceptedToken, type TokenExpectations } from './accept-token.js';
import { SessionClock, type Clock } from './clock.js';
import { Deadline } from './deadline.js';
import type { Environment } from './environment.js';
import { SessionEndedError, SessionError, SessionUnloadedError, SetSessionError, type SessionEndReason } from './errors.js';
import type { RenewalMethod, RenewalReason, SessionEvents, SessionState } from './events.js';
import type { ResolvedRenewalOptions } from './options.js';
import { summarizeError } from './redact.js';
import type { RefreshSource } from './refresh-source.js';
import { isProactive, runRenewalCycle } from './renewal-cycle.js';
import { RenewalGuard } from './renewal-guard.js';
import { isRetryable } from './retry-policy.js';
import { derivedState, nextCheck, nextRenewalDue, type SessionFacts } from './renewal-schedule.js';
import { sleep, whenDue } from './timer.js';
import { readTokenClaims } from './token.js';
import { TokenSharing, type SharingOptions } from './token-sharing.js';

export interface RenewerSetup {
  source: RefreshSource;
  options: ResolvedRenewalOptions;
  env: Environment;
  events: SessionEvents;
  documentId: string;
  /**
   * Hands a checked token to the viewer, if there is one yet: `setSession` at once, or a swap or
   * reload that settles later (the renewal stays in flight until then). Says how; may throw or reject.
   */
  apply: (jwt: string, signal: AbortSignal) => AppliedBy;
  /** Wall and monotonic clocks; for tests. */
  clock?: Clock;
  /** Share tokens and sign-outs with other tabs on the same engine and document (`sharingKey`). */
  sharing?: SharingOptions | undefined;
  sharingKey?: string;
}

interface HandOver {
  attempts: number;
  durationMs: number | (() => number);
  source: 'this-tab' | 'other-tab';
  /** Ends the flight this token came from; undefined for another tab's token. */
  land?: () => void;
  signal?: AbortSignal;
}

/** How `apply` handed the token over: now, or once a swap or reload has finished. */
export type AppliedBy = RenewalMethod | void | Promise<RenewalMethod>;

interface Flight {
  promise: Promise<void>;
  controller: AbortController;
  deadline: Deadline;
  /** The session clock's sleep count when it started. */
  sleeps: number;
}

/**
 * The session's auth state machine. Triggers (the viewer's onAuthFailed, the timer, wake-ups, the
 * app's renew(), other tabs) go through here: the guard decides, one flight acts, the outcome is
 * reported; the state and the single timer are derived from the facts (`renewal-schedule.ts`)
 * after every change.
 */
export class Renewer {
  #state: SessionState = 'starting';
  #viewerReady = false;
  #disposed = false;
  #token: AcceptedToken | undefined;
  #refused = false;
  #flight: Flight | undefined;
  #failedInSleep = false;
  #handOverMs = 0;
  readonly #guard: RenewalGuard;
  readonly #clock: SessionClock;
  readonly #sharing: TokenSharing | undefined;
  #cancelTimer = () => {};
  readonly #unwatch: () => void;
  /** Aborts on dispose: ends a swap that another tab's token started. */
  readonly #lifetime = new AbortController();

  constructor(private readonly setup: RenewerSetup) {
    this.#clock = new SessionClock(setup.clock);
    this.#guard = new RenewalGuard(setup.options);
    this.#sharing =
      setup.sharing &&
      new TokenSharing(
        setup.sharing,
        setup.sharingKey ?? setup.documentId,
        this.#clock,
        {
          token: (jwt, remainingMs, reason) => this.#receive(jwt, remainingMs, reason),
          ended: (reason, status) => this.#endedElsewhere(reason, status),
          claimed: () => this.#update(),
        },
        () => setup.env.isVisible?.() ?? true,
      );
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
    const due = nextRenewalDue(this.#facts());
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

  /** The app signs the user out: this session ends, and with sharing every tab's in the same scope. */
  signOut(): void {
    if (this.#disposed || this.#guard.ended) return;
    this.#sharing?.end('signed-out', 0);
    this.#end(new SessionEndedError(undefined, undefined, 'signed-out'), 'manual');
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#flight?.controller.abort(new SessionUnloadedError());
    this.#lifetime.abort(new SessionUnloadedError());
    this.#unwatch();
    this.#sharing?.close();
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
      if (!isProactive(reason)) this.#sharing?.claim(); // a proactive one announced its turn already
      const expected = { ...this.#expectations(), asked: reason === 'manual' };
      return runRenewalCycle({ ...this.setup, clock: this.#clock, expected, reason, signal, deadline });
    });
    // The flight is in place before any listener hears of it, and gone before it hears the outcome,
    // so a listener that calls renew() joins this renewal or starts the next one, never a second.
    this.#failedInSleep = false;
    const flight: Flight = {
      controller,
      deadline,
      sleeps: this.#clock.sleeps,
      promise: cycle.then(
        ({ token, attempts }) => {
          // Commit guard: a renewal that ends after unload never reaches the viewer.
          if (signal.aborted) {
            this.#land(flight);
            throw signal.reason;
          }
          // A swap keeps the flight in place until the new viewer has the token: triggers join it.
          const land = () => this.#land(flight);
          const handed = this.#hand(token, reason, { attempts, source: 'this-tab', signal, land, durationMs: () => Date.now() - startedAt });
          const share = () => {
            if (token.expiryDue !== undefined) this.#sharing?.share(token.jwt, token.expiryDue - this.#clock.now(), reason);
          };
          return handed ? handed.then(share) : share();
        },
        (error: unknown) => {
          this.#land(flight);
          if (signal.aborted) throw signal.reason;
          const failure = error instanceof SessionError ? error : new SessionError('Renewal failed', { cause: summarizeError(error) });
          if (failure instanceof SessionEndedError) this.#sharing?.end(failure.reason, failure.status ?? 0);
          this.#failedInSleep = isRetryable(failure) && this.#clock.sleeps > flight.sleeps;
          this.#fail(reason, failure);
        },
      ),
    };
    this.#flight = flight;
    events.emit({ type: 'renewing', reason, at: startedAt });
    this.#update();
    return flight;
  }

  /**
   * Gives the viewer a checked token, then takes it as current and reports it. Synchronous for
   * setSession; for a swap, settles once the new viewer has it. `land` ends the flight right before
   * the outcome is known, so a listener's renew() starts the next renewal rather than joining this one.
   */
  #hand(token: AcceptedToken, reason: RenewalReason, how: HandOver): void | Promise<void> {
    const { attempts, source, land = () => {}, signal = this.#lifetime.signal } = how;
    const handed = (method: RenewalMethod) => {
      land();
      if (signal.aborted) throw signal.reason;
      this.#guard.succeeded();
      this.#commit(token);
      const { expiresAt, renewAt } = this;
      const durationMs = typeof how.durationMs === 'function' ? how.durationMs() : how.durationMs;
      this.setup.events.emit({ type: 'renewed', reason, expiresAt, renewAt, attempts, durationMs, method, source });
    };
    const refused = (error: unknown): never => {
      land();
      if (signal.aborted) throw signal.reason;
      if (error instanceof SessionError) this.#fail(reason, error);
      const summary = summarizeError(error);
      return this.#fail(reason, new SetSessionError(`The viewer's setSession threw ${summary.name}: ${summary.message}`, { cause: summary }));
    };
    let applied: AppliedBy;
    try {
      applied = this.setup.apply(token.jwt, signal);
    } catch (error) {
      return refused(error);
    }
    if (applied instanceof Promise) return applied.then(handed, refused);
    handed(applied ?? 'setSession');
  }

  #land(flight: Flight): void {
    if (this.#flight === flight) this.#flight = undefined;
  }

  #fail(reason: RenewalReason, failure: SessionError): never {
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
    this.#sharing?.newLifetime();
    this.#update();
  }

  /** Another tab's token: the same checks as our own; one that is older or not for us is ignored. */
  #receive(jwt: string, remainingMs: number, reason: RenewalReason): void {
    if (this.#disposed || this.#guard.ended || this.#guard.stopped) return;
    let token: AcceptedToken;
    try {
      // Plan from the sender's reading of the time left: as if the server said so (+999 ms is taken off again).
      const serverNow = readTokenClaims(jwt).expiresAt - remainingMs - 999;
      token = acceptToken(jwt, { serverNow, fresh: true }, this.#expectations(), this.setup.options, this.#clock);
    } catch {
      return; // this tab keeps its own token and schedule
    }
    try {
      const handed = this.#hand(token, reason, { attempts: 0, durationMs: 0, source: 'other-tab' });
      handed?.catch(() => {}); // a swap's failure is reported as an event by #hand
    } catch {
      // reported as an event by #hand
    }
  }

  #endedElsewhere(reason: SessionEndReason, status: number): void {
    if (this.#disposed || this.#guard.ended) return;
    this.#end(new SessionEndedError(status || undefined, undefined, reason), 'other-tab');
  }

  #end(error: SessionEndedError, reason: RenewalReason): void {
    this.#flight?.controller.abort(error);
    this.#flight = undefined;
    try {
      this.#fail(reason, error);
    } catch {
      // reported as events
    }
  }

  /** A wake-up or the timer: the state may have changed with the clock, and a renewal may be due. */
  #check(cause: 'timer' | 'wake'): void {
    if (this.#disposed) return;
    const due = nextRenewalDue(this.#facts());
    // After a wake the viewer may be about to ask: an expired token is renewed at once, not at the next tick.
    const wokeExpired = cause === 'wake' && this.#state === 'expired' && this.setup.options.proactive && !this.#flight;
    const now = this.#clock.now();
    // With sharing, a due renewal first announces this tab's turn; it goes once that has settled.
    const isDue = due !== undefined && due <= now && (!this.#sharing || this.#sharing.takeTurn(now));
    if (isDue || wokeExpired) {
      this.renew(cause === 'wake' ? 'wake' : 'proactive').catch(() => {}); // failures are reported as events
    }
    this.#update();
  }

  #facts(): SessionFacts {
    return {
      now: this.#clock.now(),
      token: this.#withHandOverLead(this.#token),
      refused: this.#refused,
      viewerReady: this.#viewerReady,
      disposed: this.#disposed,
      renewing: this.#flight !== undefined,
      failedInSleep: this.#failedInSleep,
      guard: this.#guard,
      options: this.setup.options,
      sharing: this.#sharing,
    };
  }

  /**
   * A swap takes seconds, during which the old viewer still needs a valid token: renew that much
   * earlier, by at most the usual margin again (so a slow swap cannot make renewal run back to back).
   */
  allowForHandOver(ms: number): void {
    this.#handOverMs = Math.max(0, ms);
    if (!this.#disposed) this.#update();
  }

  #withHandOverLead(token: AcceptedToken | undefined): AcceptedToken | undefined {
    if (!token || !this.#handOverMs || token.renewDue === undefined || token.expiryDue === undefined) return token;
    const lead = Math.min(this.#handOverMs, token.expiryDue - token.renewDue);
    return { ...token, renewDue: token.renewDue - lead };
  }

  /** Re-derives the state (reporting a change) and re-plans the one timer. */
  #update(): void {
    const facts = this.#facts();
    const previous = this.#state;
    const state = derivedState(facts);
    if (state !== previous) {
      this.#state = state;
      this.setup.events.emit({ type: 'state', state, previous });
    }
    this.#cancelTimer();
    this.#cancelTimer = () => {};
    const next = nextCheck(facts, state);
    if (next === undefined) return;
    this.#cancelTimer = whenDue(() => next - this.#clock.now(), () => this.#check('timer'), this.setup.options.checkIntervalMs);
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
