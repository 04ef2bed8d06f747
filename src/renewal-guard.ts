import { RefreshHttpError, RenewalLoopError, SessionEndedError, type SessionError } from './errors.js';
import type { RenewalReason } from './events.js';
import type { ResolvedRenewalOptions } from './options.js';

type GuardOptions = Pick<ResolvedRenewalOptions, 'failureCooldownMs' | 'loopLimit' | 'loopWindowMs' | 'maxHoldMs'>;

/** What to do with a trigger: start a renewal (after `delayMs`), or answer it with an error and no request. */
export type Decision =
  | { action: 'start'; delayMs: number }
  | { action: 'refuse'; error: SessionError; /** This refusal stops renewal: report it once. */ stops: boolean };

/**
 * Decides, for every trigger, whether it gets a request. Refused without one: anything but the app's
 * `renew()` once the user is logged out or renewal stopped; the SDK's burst of `onAuthFailed` right
 * after a failure (cooldown); anything while the endpoint's Retry-After holds (capped). More cycles
 * in the loop window than `loopLimit`, successful or not, stop renewal. The app's `renew()` is the
 * way back from every stop, spaced out after failures so a listener that calls it on every error
 * cannot loop.
 */
export class RenewalGuard {
  #lastFailure: { at: number; error: SessionError } | undefined;
  #failuresInARow = 0;
  #ended: SessionEndedError | undefined;
  #stopped: RenewalLoopError | undefined;
  #holdUntil = 0;
  #cycles: number[] = [];

  constructor(private readonly options: GuardOptions) {}

  get ended(): SessionEndedError | undefined {
    return this.#ended;
  }

  get stopped(): RenewalLoopError | undefined {
    return this.#stopped;
  }

  /** The failure to report until a renewal succeeds. */
  get lastError(): SessionError | undefined {
    return this.#ended ?? this.#stopped ?? this.#lastFailure?.error;
  }

  /** The last failure and when it happened, until a renewal succeeds. */
  get lastFailure(): { at: number; error: SessionError } | undefined {
    return this.#lastFailure;
  }

  /** Until when the endpoint asked us to wait (0 when it did not). */
  get holdUntil(): number {
    return this.#holdUntil;
  }

  decide(reason: RenewalReason, now: number): Decision {
    this.#cycles = this.#cycles.filter((at) => now - at < this.options.loopWindowMs);
    if (reason === 'manual') {
      this.#ended = undefined;
      this.#stopped = undefined;
      return { action: 'start', delayMs: this.#manualDelay(now) };
    }
    const refusal = this.#ended ?? this.#stopped;
    if (refusal) return { action: 'refuse', error: refusal, stops: false };
    const failure = this.#lastFailure;
    if (failure && (now < this.#holdUntil || now - failure.at < this.options.failureCooldownMs)) {
      return { action: 'refuse', error: failure.error, stops: false };
    }
    if (this.#cycles.length >= this.options.loopLimit) {
      const { loopWindowMs } = this.options;
      this.#stopped = new RenewalLoopError(
        `${this.#cycles.length} renewals within ${loopWindowMs} ms: renewal stopped to avoid a loop; call session.renew() to resume`,
      );
      return { action: 'refuse', error: this.#stopped, stops: true };
    }
    return { action: 'start', delayMs: 0 };
  }

  /** A cycle is about to send its first request. */
  started(now: number): void {
    this.#cycles.push(now);
  }

  succeeded(): void {
    this.#lastFailure = undefined;
    this.#failuresInARow = 0;
    this.#holdUntil = 0;
  }

  failed(error: SessionError, now: number): void {
    this.#lastFailure = { at: now, error };
    this.#failuresInARow++;
    if (error instanceof SessionEndedError) this.#ended = error;
    if (error instanceof RefreshHttpError && error.retryAfterMs !== undefined) {
      this.#holdUntil = now + Math.min(error.retryAfterMs, this.options.maxHoldMs);
    }
  }

  /** The app asked: wait out Retry-After, a spacing that doubles with each failure in a row, and a full loop window. */
  #manualDelay(now: number): number {
    const { failureCooldownMs, maxHoldMs, loopLimit, loopWindowMs } = this.options;
    const spacing = Math.min(failureCooldownMs * 2 ** Math.max(0, this.#failuresInARow - 1), maxHoldMs);
    const afterFailure = this.#lastFailure ? this.#lastFailure.at + spacing - now : 0;
    const windowFull = this.#cycles.length >= loopLimit ? this.#cycles[0]! + loopWindowMs - now : 0;
    return Math.max(0, this.#holdUntil - now, afterFailure, windowFull);
  }
}
