import { Deadline } from './deadline.js';
import type { Environment } from './environment.js';
import { SessionEndedError, SessionError, SessionUnloadedError } from './errors.js';
import type { RenewalReason, SessionEvents, SessionState } from './events.js';
import type { ResolvedRenewalOptions } from './options.js';
import type { RefreshSource } from './refresh-source.js';
import { acceptToken, isUnhurried, runRenewalCycle, type AcceptedToken } from './renewal-cycle.js';
import { RenewalGuard } from './renewal-guard.js';
import { setTimerAt } from './timer.js';

export interface RenewerSetup {
  source: RefreshSource;
  options: ResolvedRenewalOptions;
  env: Environment;
  events: SessionEvents;
  documentId: string;
  /** Hands a checked token to the viewer (setSession), if there is one yet. */
  apply: (jwt: string) => void;
}

interface Flight {
  promise: Promise<void>;
  controller: AbortController;
  deadline: Deadline;
}

/**
 * The session's auth state machine: one renewal in flight at a time, shared by every trigger;
 * a short cooldown after a failure so the SDK's burst of onAuthFailed calls makes no burst of
 * requests; a loop breaker; a timer and wake-up checks for proactive renewal.
 */
export class Renewer {
  #state: SessionState = 'starting';
  #token: AcceptedToken | undefined;
  /** The viewer reported an auth failure with the current token: it no longer counts as valid. */
  #refused = false;
  #flight: Flight | undefined;
  readonly #guard: RenewalGuard;
  #cancelTimer = () => {};
  #unwatch: () => void;

  constructor(private readonly setup: RenewerSetup) {
    this.#guard = new RenewalGuard(setup.options);
    this.#unwatch = setup.options.proactive ? setup.env.watch(() => this.#renewIfDue('wake')) : () => {};
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

  /** Takes a token the app already had (no request). Throws InvalidTokenError when it cannot serve. */
  adopt(jwt: string): void {
    const token = acceptToken(jwt, Date.now(), undefined, this.#checkContext(), false);
    this.#commit(token);
  }

  /** Renews now, or joins the renewal in flight. Resolves once the viewer has the new token. */
  renew(reason: RenewalReason): Promise<void> {
    if (this.#state === 'unloaded') return Promise.reject(new SessionUnloadedError());
    if (reason === 'auth-failed') this.#refused = true;
    const { options } = this.setup;
    if (this.#flight) {
      // The viewer is waiting now: the renewal must end inside the SDK's window.
      if (reason === 'auth-failed') this.#flight.deadline.pullIn(Date.now() + options.budgetMs);
      return this.#flight.promise;
    }
    if (reason === 'manual') {
      this.#guard.reset();
    } else {
      const refusal = this.#guard.refusal(Date.now());
      if (refusal) return Promise.reject(refusal);
    }
    return this.#start(reason).promise;
  }

  /** The viewer has loaded and holds the token: whoever attaches the instance calls this. Safe to repeat. */
  markViewerReady(): void {
    // Stub for the branch that adds it to the state machine (state stays `starting` until then).
  }

  dispose(): void {
    if (this.#state === 'unloaded') return;
    this.#flight?.controller.abort(new SessionUnloadedError());
    this.#cancelTimer();
    this.#unwatch();
    this.#setState('unloaded');
  }

  #start(reason: RenewalReason): Flight {
    const { options, events } = this.setup;
    const startedAt = Date.now();
    const expiresAt = this.#token?.plan.expiresAt ?? 0;
    const deadline = new Deadline(Math.max(startedAt + options.budgetMs, isUnhurried(reason) ? expiresAt : 0));
    const controller = new AbortController();
    const cycle = runRenewalCycle({ ...this.setup, ...this.#checkContext(), reason, signal: controller.signal, deadline });
    // The flight is in place before any listener hears of it, and gone before it hears the outcome,
    // so a listener that calls renew() joins this renewal or starts the next one, never a second.
    const flight: Flight = {
      controller,
      deadline,
      promise: cycle.then(
        ({ token, attempts }) => {
          this.#land(flight);
          // Commit guard: a renewal that ends after unload never reaches the viewer.
          if (controller.signal.aborted) throw controller.signal.reason;
          this.#guard.succeeded(Date.now());
          this.#commit(token);
          this.setup.apply(token.jwt);
          const { expiresAt: exp, renewAt } = token.plan;
          events.emit({ type: 'renewed', reason, expiresAt: exp, renewAt, attempts, durationMs: Date.now() - startedAt });
        },
        (error: unknown) => {
          this.#land(flight);
          return this.#fail(reason, error, controller.signal);
        },
      ),
    };
    this.#flight = flight;
    events.emit({ type: 'renewing', reason, at: startedAt });
    this.#setState('renewing');
    return flight;
  }

  #land(flight: Flight): void {
    if (this.#flight === flight) this.#flight = undefined;
  }

  #fail(reason: RenewalReason, error: unknown, signal: AbortSignal): never {
    if (signal.aborted) throw signal.reason;
    const failure = error instanceof SessionError ? error : new SessionError('Renewal failed', { cause: error });
    const now = Date.now();
    this.#guard.failed(failure, now);
    const { events } = this.setup;
    if (failure instanceof SessionEndedError) {
      this.#cancelTimer();
      this.#setState('ended');
      events.emit({ type: 'error', reason, error: failure, fatal: true });
      events.emit({ type: 'ended', reason, error: failure });
      throw failure;
    }
    // A token with less than one attempt's time left is as good as expired.
    const stillValid =
      this.#token !== undefined && !this.#refused && this.#token.plan.expiresAt - now > this.setup.options.minAttemptMs;
    this.#setState(stillValid ? 'active' : 'expired');
    events.emit({ type: 'error', reason, error: failure, fatal: false });
    // A proactive renewal that failed early gets another go before the token runs out.
    if (stillValid && this.setup.options.proactive) {
      const retryAt = now + Math.max(this.setup.options.failureCooldownMs, (this.#token!.plan.expiresAt - now) / 2);
      this.#arm(retryAt);
    }
    throw failure;
  }

  #commit(token: AcceptedToken): void {
    this.#token = token;
    this.#refused = false;
    this.#setState('active');
    this.#arm(token.plan.renewAt);
  }

  #arm(at: number): void {
    this.#cancelTimer();
    if (!this.setup.options.proactive) return;
    this.#cancelTimer = setTimerAt(at, () => this.#renewIfDue('proactive'));
  }

  #renewIfDue(reason: 'proactive' | 'wake'): void {
    const token = this.#token;
    if (!token || this.#flight || this.#state === 'unloaded' || this.#guard.ended) return;
    if (Date.now() < token.plan.renewAt) {
      // After a sleep, pending timers fire late by the sleep's length: arm again from the wall clock.
      if (reason === 'wake') this.#arm(token.plan.renewAt);
      return;
    }
    // Offline the request cannot succeed; the `online` wake-up brings us back here.
    if (!this.setup.env.isOnline()) return;
    this.renew(reason).catch(() => {}); // failures are reported as events
  }

  /** The document and layer a token must name: the layer is fixed by the first token. */
  #checkContext() {
    const lockedLayer = this.#token && { layer: this.#token.claims.layer };
    return { expected: { documentId: this.setup.documentId, lockedLayer }, options: this.setup.options };
  }

  #setState(state: SessionState): void {
    const previous = this.#state;
    if (previous === state || previous === 'unloaded') return;
    this.#state = state;
    this.setup.events.emit({ type: 'state', state, previous });
  }
}
