import { acceptToken, type AcceptedToken, type TokenExpectations } from '../tokens/accept-token.js';
import { SessionClock, type Clock } from './clock.js';
import { Deadline } from './deadline.js';
import type { Environment } from './environment.js';
import { RenewalLoopError, SessionEndedError, SessionError, SessionUnloadedError, SetSessionError, type SessionEndReason } from '../errors/errors.js';
import type { RenewalMethod, RenewalReason, SessionEvents, SessionState } from './events.js';
import type { ResolvedRenewalOptions } from '../policy/options.js';
import { summarizeError } from '../tokens/redact.js';
import type { RefreshSource } from '../tokens/refresh-source.js';
import { runRenewalCycle } from './renewal-cycle.js';
import * as policy from '../policy/renewal-policy.js';
import type { History, SessionFacts } from '../policy/renewal-policy.js';
import { whenDue } from './timer.js';
import { TokenSharing, type SharingOptions } from '../sharing/token-sharing.js';
import { SessionLog } from '../diagnostics/session-log.js';
import type { RuleName } from '../policy/decision-reasons.js';
import { diagnosis, tabRole, type DiagnosisInput, type SessionDiagnosis, type TokenOrigin } from '../diagnostics/diagnosis.js';

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
  apply: (jwt: string, signal: AbortSignal, token?: HandOverToken) => AppliedBy;
  /** Wall and monotonic clocks; for tests. */
  clock?: Clock;
  /** Share tokens and sign-outs with other tabs on the same engine and document (`sharingKey`). */
  sharing?: SharingOptions | undefined;
  sharingKey?: string;
  /** Decisions and outcomes, for `debug` and `diagnose()`; default: kept, given to nobody. */
  log?: SessionLog;
  /**
   * Runs when the session ends, before `ended` is announced: saves the user's pending work and
   * resolves with how many changes could not be saved. Undefined (or no promise): announce at once.
   */
  beforeEnd?: (error: SessionEndedError) => Promise<number> | undefined;
}

/**
 * The token a slow hand-over (a swap) is given, for when it waits or starts over: when it runs out,
 * and a fresh one on demand (rule `swap-fresh-token`). The renewal then keeps the fresh token.
 */
export interface HandOverToken {
  /** `Date.now()` ms when it runs out; undefined when unknown. */
  expiresAt: number | undefined;
  /** Fetches and checks a fresh token within this renewal (its retries and deadline). */
  refresh(): Promise<{ jwt: string; expiresAt: number | undefined }>;
}

/** How `apply` handed the token over: now, or once a swap or reload has finished. */
export type AppliedBy = RenewalMethod | void | Promise<RenewalMethod>;

interface HandOver {
  attempts: number;
  source: 'this-tab' | 'other-tab';
  durationMs: () => number;
  /** A fresh token for a hand-over whose token ran out meanwhile (rule swap-fresh-token). */
  refetch?: () => Promise<AcceptedToken>;
}

interface Flight extends policy.FlightFacts {
  promise: Promise<void>;
  controller: AbortController;
  deadline: Deadline;
  /** Moves the first request to `startAt` (the viewer started waiting). */
  moveStart(startAt: number): void;
  /** Aborted when the viewer starts waiting: ends a wait for `online`. */
  hurry: AbortController;
  /** The session clock's sleep count when it started. */
  sleeps: number;
}

/**
 * The session's auth machine. It records facts and carries out what the policy
 * (`renewal-policy.ts`) decides for every trigger: the viewer's onAuthFailed, the timer, wake-ups,
 * the app's renew(), other tabs. One flight at a time; the state and the single timer are derived
 * from the facts after every change.
 */
export class Renewer {
  #state: SessionState = 'starting';
  #viewerReady = false;
  #disposed = false;
  #token: AcceptedToken | undefined;
  #refused = false;
  #flight: Flight | undefined;
  #handOverMs = 0;
  /** Another tab's token, kept for when this tab's renewal is due (costly hand-overs). */
  #kept: AcceptedToken | undefined;
  readonly #history: History = { lastFailure: undefined, failuresInARow: 0, ended: undefined, stopped: undefined, trips: { count: 0, lastAt: 0 }, cycles: [] };
  readonly #clock: SessionClock;
  readonly #sharing: TokenSharing | undefined;
  #cancelTimer = () => {};
  readonly #unwatch: () => void;
  /** Aborts on dispose: ends a hand-over that another tab's token started. */
  readonly #lifetime = new AbortController();
  readonly #log: SessionLog;
  #source: TokenOrigin = 'page';
  #sleepsSeen = 0;

  constructor(private readonly setup: RenewerSetup) {
    this.#clock = new SessionClock(setup.clock);
    this.#sharing =
      setup.sharing &&
      new TokenSharing(
        setup.sharing,
        setup.sharingKey ?? setup.documentId,
        this.#clock,
        {
          token: (jwt, remainingMs) => this.#receive(jwt, remainingMs),
          ended: (reason, status) => this.#endedElsewhere(reason, status),
          claimed: () => this.#update(),
        },
        () => setup.env.isVisible?.() ?? true,
      );
    const log = (this.#log = setup.log ?? new SessionLog());
    log.context = {
      tab: () => tabRole(this.#sharing?.facts),
      nextRenewal: () => {
        const { at, rule } = policy.planNextRenewal(this.#facts());
        return { inMs: at === undefined ? undefined : at - this.#clock.now(), rule };
      },
      remainingMs: () => (this.#token?.expiryDue === undefined ? undefined : this.#token.expiryDue - this.#clock.now()),
    };
    setup.events.subscribe((event) => log.event(event));
    this.#unwatch = setup.env.watch((cause) => {
      log.wake(cause);
      this.#check('wake');
    });
  }

  /** The session's state for a support ticket (see `SessionDiagnosis`). */
  diagnose(viewer: DiagnosisInput['viewer']): SessionDiagnosis {
    const { code, name, message, status } = this.lastError ?? {};
    return diagnosis({
      facts: this.#facts(),
      state: this.#state,
      log: this.#log,
      toWall: (at) => this.#clock.toWall(at),
      sleeps: this.#clock.sleeps,
      lastSleepMs: this.#clock.lastSleepMs,
      source: this.#source,
      lastError: code === undefined ? undefined : { code, name: name!, message: message!, status },
      viewer,
    });
  }

  get state(): SessionState {
    return this.#state;
  }
  get token(): Readonly<AcceptedToken> | undefined {
    return this.#token;
  }
  /** The failure to report until a renewal succeeds. */
  get lastError(): SessionError | undefined {
    const history = this.#history;
    return history.ended ?? history.stopped ?? history.lastFailure?.error;
  }
  /** When the token expires, as a `Date.now()` time. */
  get expiresAt(): number | undefined {
    const due = this.#token?.expiryDue;
    return due === undefined ? undefined : this.#clock.toWall(due);
  }
  /** When the next proactive renewal is planned, as a `Date.now()` time; undefined when none is. */
  get renewAt(): number | undefined {
    const due = policy.nextRenewalDue(this.#facts());
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
    const flight = this.#flight;
    if (flight) {
      const join = policy.decideJoin(this.#facts(), reason);
      this.#log.decision(join.rule, 'action' in join ? 'refuse' : 'join', { trigger: reason });
      if ('action' in join) return Promise.reject(join.error);
      if (join.hurry) {
        // The viewer is waiting now: the renewal must end inside the SDK's window.
        flight.deadline.pullIn(Date.now() + this.setup.options.budgetMs);
        flight.moveStart(join.startAt);
        flight.hurry.abort();
      }
      return flight.promise;
    }
    const decision = policy.decideTrigger(this.#facts(), reason);
    const delayMs = decision.action === 'ask' ? decision.startAt - this.#clock.now() : undefined;
    this.#log.decision(decision.rule, decision.action, { trigger: reason, ...(delayMs ? { delayMs } : {}) });
    if (decision.action === 'refuse') {
      if (decision.stops) this.#trip(decision.error);
      this.#update();
      if (decision.stops) this.#report(reason, decision.error, true);
      return Promise.reject(decision.error);
    }
    return this.#start(reason, decision.startAt).promise;
  }

  /** The app signs the user out: this session ends, and with sharing every tab's in the same scope. */
  signOut(): void {
    if (this.#disposed || this.#history.ended) return;
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

  /** How long a hand-over is given (0 for setSession): a swap keeps that much of the old token for itself. */
  get handOverMs(): number {
    return this.#handOverMs;
  }

  /**
   * A swap takes seconds, during which the old viewer still needs a valid token: the policy renews
   * that much earlier (`handOverAllowance`). 0 for setSession.
   */
  allowForHandOver(ms: number): void {
    this.#handOverMs = Math.max(0, ms);
    if (!this.#disposed) this.#update();
  }

  /** One flight: wait for its start (a spaced-out `renew()`), fetch with retries, hand over, report. `kept`: another tab's token instead of a request. */
  #start(reason: RenewalReason, startAt: number, kept?: AcceptedToken): Flight {
    const { options, events } = this.setup;
    const now = this.#clock.now();
    if (reason === 'manual') Object.assign(this.#history, { ended: undefined, stopped: undefined }); // the way back
    const startedAt = Date.now();
    const expiresAt = policy.isProactive(reason) ? (this.expiresAt ?? 0) : 0;
    const deadline = new Deadline(Math.max(startedAt + (startAt - now) + options.budgetMs, expiresAt));
    const controller = new AbortController();
    const { signal } = controller;
    const gate = this.#startGate(startAt, signal);
    const flight: Flight = {
      startAt,
      handingOver: false,
      controller,
      deadline,
      hurry: new AbortController(),
      sleeps: this.#clock.sleeps,
      moveStart: (at) => {
        flight.startAt = at;
        gate.move(at);
      },
      promise: undefined as unknown as Promise<void>,
    };
    /** One fetch with retries within `within`: the renewal's, or a fresh token's for a swap (swap-fresh-token). */
    const fetchCycle = (expected: TokenExpectations, within: Deadline) => {
      const viewerWaiting = () => flight.hurry.signal.aborted || !policy.isProactive(reason);
      return runRenewalCycle({ ...this.setup, log: this.#log, clock: this.#clock, expected, reason, signal, deadline: within, viewerWaiting, hurried: flight.hurry.signal });
    };
    const cycle = gate.opened.then(() => {
      if (kept) return { token: kept, attempts: 0 };
      this.#history.cycles = [...this.#history.cycles.filter((at) => this.#clock.now() - at < options.loopWindowMs), this.#clock.now()];
      if (!policy.isProactive(reason)) this.#sharing?.claim(); // a proactive one announced its turn already
      return fetchCycle({ ...this.#expectations(), asked: reason === 'manual' }, deadline);
    });
    // The flight is in place before any listener hears of it, and gone before it hears the outcome,
    // so a listener that calls renew() joins this renewal or starts the next one, never a second.
    flight.promise = cycle.then(
      ({ token, attempts }) => {
        // Commit guard: a renewal that ends after unload never reaches the viewer.
        if (signal.aborted) {
          this.#land(flight);
          throw signal.reason;
        }
        flight.handingOver = true;
        const source = kept ? 'other-tab' : 'this-tab';
        // Rule swap-fresh-token: a swap that would load with a token run out fetches another, in this renewal.
        const refetch = async () => {
          this.#log.decision('swap-fresh-token', 'renew', { trigger: reason });
          return (await fetchCycle(this.#expectations(), new Deadline(Date.now() + options.budgetMs))).token;
        };
        const handed = this.#hand(token, reason, flight, { attempts, source, durationMs: () => Date.now() - startedAt, refetch });
        // The token the viewer has is the one shared (a swap may have fetched a fresh one for its load).
        const share = (shared: AcceptedToken) => {
          if (!kept && shared.expiryDue !== undefined) this.#sharing?.share(shared.jwt, shared.expiryDue - this.#clock.now(), reason);
        };
        return handed instanceof Promise ? handed.then(share) : share(handed);
      },
      (error: unknown) => {
        this.#land(flight);
        if (signal.aborted) throw signal.reason;
        const failure = error instanceof SessionError ? error : new SessionError('Renewal failed', { cause: summarizeError(error) });
        const inSleep = policy.isRetryable(failure) && this.#clock.sleeps > flight.sleeps;
        if (failure instanceof SessionEndedError) this.#sharing?.end(failure.reason, failure.status ?? 0, !policy.endsEveryDocument(failure));
        this.#fail(reason, failure, inSleep);
      },
    );
    this.#flight = flight;
    events.emit({ type: 'renewing', reason, at: startedAt });
    this.#update();
    return flight;
  }

  /** Opens at `startAt` (session time), at once when that has come; `move` re-arms it. */
  #startGate(startAt: number, signal: AbortSignal): { opened: Promise<void>; move(at: number): void } {
    if (startAt <= this.#clock.now()) return { opened: Promise.resolve(), move: () => {} };
    let at = startAt;
    let cancel = () => {};
    let open = () => {};
    const opened = new Promise<void>((resolve, reject) => {
      open = resolve;
      signal.addEventListener('abort', () => (cancel(), reject(signal.reason)), { once: true });
    });
    const arm = () => {
      cancel();
      cancel = whenDue(() => at - this.#clock.now(), open);
    };
    arm();
    return { opened, move: (next) => ((at = next), arm()) };
  }

  /**
   * Gives the viewer a checked token, then takes it as current and reports it. Synchronous for
   * setSession; for a swap, settles once the new viewer has it. The flight ends right before the
   * outcome is known, so a listener's renew() starts the next renewal rather than joining this one.
   * Returns the token the viewer ended with (a swap may have fetched a fresh one for its load).
   */
  #hand(token: AcceptedToken, reason: RenewalReason, flight: Flight | undefined, how: HandOver): AcceptedToken | Promise<AcceptedToken> {
    const signal = flight?.controller.signal ?? this.#lifetime.signal;
    const land = () => flight && this.#land(flight);
    const log = this.#log;
    const started = log.mark();
    // The token the viewer got: a swap may have fetched a fresh one for its load (rule swap-fresh-token).
    let last = token;
    const handed = (method: RenewalMethod) => {
      land();
      log.measure('Hand-over', started, [['method', method], ['trigger', reason]], signal.aborted);
      if (signal.aborted) throw signal.reason;
      this.#source = how.source;
      Object.assign(this.#history, { lastFailure: undefined, failuresInARow: 0, stopped: undefined });
      this.#commit(last);
      const { expiresAt, renewAt } = this;
      const { attempts, source } = how;
      this.setup.events.emit({ type: 'renewed', reason, expiresAt, renewAt, attempts, durationMs: how.durationMs(), method, source });
      return last;
    };
    const refused = (error: unknown): never => {
      land();
      log.measure('Hand-over', started, [['trigger', reason]], true);
      if (signal.aborted) throw signal.reason;
      if (error instanceof SessionError) this.#fail(reason, error);
      const summary = summarizeError(error);
      return this.#fail(reason, new SetSessionError(`The viewer's setSession threw ${summary.name}: ${summary.message}`, { cause: summary }));
    };
    const { refetch } = how;
    const handOver: HandOverToken | undefined = refetch && {
      expiresAt: token.expiryDue === undefined ? undefined : this.#clock.toWall(token.expiryDue),
      refresh: async () => {
        last = await refetch();
        return { jwt: last.jwt, expiresAt: last.expiryDue === undefined ? undefined : this.#clock.toWall(last.expiryDue) };
      },
    };
    let applied: AppliedBy;
    try {
      applied = this.setup.apply(token.jwt, signal, handOver);
    } catch (error) {
      return refused(error);
    }
    if (applied instanceof Promise) return applied.then(handed, refused);
    return handed(applied ?? 'setSession');
  }

  #land(flight: Flight): void {
    if (this.#flight === flight) this.#flight = undefined;
  }

  #fail(reason: RenewalReason, failure: SessionError, inSleep = false): never {
    const history = this.#history;
    Object.assign(history, { lastFailure: { at: this.#clock.now(), error: failure, inSleep }, failuresInARow: history.failuresInARow + 1 });
    if (failure instanceof SessionEndedError) history.ended = failure;
    this.#update();
    this.#report(reason, failure, failure instanceof SessionEndedError);
    throw failure;
  }

  /** The loop breaker trips: renewal stops, held back longer with each trip in a row. */
  #trip(error: RenewalLoopError): void {
    const now = this.#clock.now();
    Object.assign(this.#history, { stopped: error, trips: { count: policy.nextTripCount(this.#history, now), lastAt: now } });
  }

  #report(reason: RenewalReason, error: SessionError, fatal: boolean): void {
    const { events } = this.setup;
    if (!(error instanceof SessionEndedError)) return events.emit({ type: 'error', reason, error, fatal });
    const announce = (unsavedChanges: number) => {
      events.emit({ type: 'error', reason, error, fatal });
      events.emit({ type: 'ended', reason, error, unsavedChanges });
    };
    // The user's pending work is saved first, while the viewer's token still works.
    const saving = this.setup.beforeEnd?.(error);
    if (!saving) return announce(0);
    saving.then(announce, () => announce(0));
  }

  /** A decision the session made about the viewer (the user's work), for the log and `diagnose()`. */
  note(rule: RuleName, action: string, fields: { changes?: number } = {}): void {
    this.#log.decision(rule, action, fields);
  }

  #commit(token: AcceptedToken): void {
    this.#token = token;
    this.#refused = false;
    if (this.#kept && this.#kept.claims.expiresAt <= token.claims.expiresAt) this.#kept = undefined;
    this.#sharing?.newLifetime();
    this.#update();
  }

  /** Another tab's token: the same checks as our own, planned from its own claims and this tab's clock. */
  #receive(jwt: string, remainingMs: number): void {
    let token: AcceptedToken;
    try {
      const time = { serverNow: undefined, fresh: false, remainingAtMostMs: remainingMs };
      token = acceptToken(jwt, time, this.#expectations(), this.setup.options, this.#clock);
    } catch {
      this.#log.decision('shared-rejected', 'ignore', { trigger: 'other-tab' });
      return; // not for us, or not newer: this tab keeps its own token and schedule
    }
    const decision = policy.decideSharedToken(this.#facts(), token);
    this.#log.decision(decision.rule, decision.action, { trigger: 'other-tab' });
    if (decision.action === 'ignore') return;
    if (decision.action === 'keep') {
      this.#kept = token;
      return this.#update();
    }
    if (this.#handOverMs === 0) {
      // setSession is cheap: at once, even while this tab's own request is out.
      try {
        this.#hand(token, 'other-tab', undefined, { attempts: 0, source: 'other-tab', durationMs: () => 0 });
      } catch {
        // reported as an event by #hand
      }
      return;
    }
    // A swap or reload is a renewal of its own: one at a time, and triggers meanwhile join it.
    this.#start('other-tab', this.#clock.now(), token).promise.catch(() => {});
  }

  #endedElsewhere(reason: SessionEndReason, status: number): void {
    if (this.#disposed || this.#history.ended) return;
    this.#end(new SessionEndedError(status || undefined, undefined, reason), 'other-tab');
  }

  #end(error: SessionEndedError, reason: RenewalReason): void {
    if (reason !== 'other-tab') this.#sharing?.end(error.reason, error.status ?? 0, !policy.endsEveryDocument(error));
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
    const sleeps = this.#clock.sleeps;
    if (sleeps > this.#sleepsSeen) {
      this.#sleepsSeen = sleeps;
      this.#log.sleep(this.#clock.lastSleepMs ?? 0);
    }
    const decision = policy.decideTimer(this.#facts(), cause);
    if (decision.action !== 'nothing') this.#log.decision(decision.rule, decision.action, { trigger: cause === 'wake' ? 'wake' : 'proactive' });
    if (decision.action === 'announce') this.#sharing!.announce();
    if (decision.action === 'use-kept') {
      const kept = this.#kept!;
      this.#kept = undefined;
      this.#start('other-tab', this.#clock.now(), kept).promise.catch(() => {}); // reported as events
    }
    if (decision.action === 'renew') {
      this.#sharing?.turnTaken();
      this.renew(decision.reason).catch(() => {}); // failures are reported as events
    }
    this.#update();
  }

  #facts(): SessionFacts {
    const flight = this.#flight;
    return {
      now: this.#clock.now(),
      token: this.#token,
      refused: this.#refused,
      viewerReady: this.#viewerReady,
      disposed: this.#disposed,
      flight: flight && { startAt: flight.startAt, handingOver: flight.handingOver },
      history: this.#history,
      options: this.setup.options,
      sharing: this.#sharing && { ...this.#sharing.facts, kept: this.#kept },
      handOverMs: this.#handOverMs,
    };
  }

  /** Re-derives the state (reporting a change) and re-plans the one timer. */
  #update(): void {
    const facts = this.#facts();
    const previous = this.#state;
    const state = policy.derivedState(facts);
    if (state !== previous) {
      this.#state = state;
      this.setup.events.emit({ type: 'state', state, previous });
    }
    this.#cancelTimer();
    this.#cancelTimer = () => {};
    const next = policy.nextCheck(facts);
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
