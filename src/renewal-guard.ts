import { RenewalLoopError, SessionEndedError, type SessionError } from './errors.js';
import type { ResolvedRenewalOptions } from './options.js';

type GuardOptions = Pick<ResolvedRenewalOptions, 'failureCooldownMs' | 'loopLimit' | 'loopWindowMs'>;

/**
 * Decides when a trigger gets no request: the user is logged out, a failure is fresh (the SDK
 * calls onAuthFailed again within milliseconds of a failed cycle), or renewals are looping.
 */
export class RenewalGuard {
  #lastFailure: { at: number; error: SessionError } | undefined;
  #ended: SessionEndedError | undefined;
  #renewedAt: number[] = [];

  constructor(private readonly options: GuardOptions) {}

  get ended(): SessionEndedError | undefined {
    return this.#ended;
  }

  /** The failure to report until a renewal succeeds. */
  get lastError(): SessionError | undefined {
    return this.#ended ?? this.#lastFailure?.error;
  }

  succeeded(now: number): void {
    this.#renewedAt = this.#renewedAt.filter((at) => now - at < this.options.loopWindowMs);
    this.#renewedAt.push(now);
    this.#lastFailure = undefined;
  }

  failed(error: SessionError, now: number): void {
    this.#lastFailure = { at: now, error };
    if (error instanceof SessionEndedError) this.#ended = error;
  }

  /** The app asked: forget the failure and the end of the session. */
  reset(): void {
    this.#ended = undefined;
    this.#lastFailure = undefined;
  }

  refusal(now: number): SessionError | undefined {
    const { failureCooldownMs, loopLimit, loopWindowMs } = this.options;
    if (this.#ended) return this.#ended;
    if (this.#lastFailure && now - this.#lastFailure.at < failureCooldownMs) return this.#lastFailure.error;
    this.#renewedAt = this.#renewedAt.filter((at) => now - at < loopWindowMs);
    if (this.#renewedAt.length >= loopLimit) {
      return new RenewalLoopError(`${this.#renewedAt.length} renewals within ${loopWindowMs} ms: stopped to avoid a loop`);
    }
    return undefined;
  }
}
