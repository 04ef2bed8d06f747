// The viewer instance a fake load() resolves with: setSession plus a way to make server requests
// the way the SDK's request class does (auth state -> fetch -> on auth failure refresh, retry once).
import type { FakeAuthModule } from './fake-auth-module.js';
import { delay, type FakeEngine } from './fake-engine.js';
import { PSPDFKitError, isAuthFailure } from './sdk-errors.js';

/** A document request that came back non-2xx (after its one retry, if it was an auth failure). */
export class FakeRequestError extends PSPDFKitError {
  constructor(readonly httpStatus: number, readonly httpBody: string) {
    super(`Request failed with status ${httpStatus}: ${httpBody}`);
  }
}

export class FakeInstance {
  /** Every jwt passed to setSession, in order. */
  readonly setSessionCalls: string[] = [];
  /** How often the SDK called config.onAuthFailed for this instance. */
  onAuthFailedCalls = 0;
  unloaded = false;
  /** Applied /auth responses whose layer handle changed (the real viewer then tears down its annotation provider). */
  layerHandleConflicts = 0;
  /** The request made during load when config.__requestDuringLoad was set. */
  loadRequest?: Promise<void>;

  readonly container: unknown;
  private readonly engine: FakeEngine;
  private readonly burstSpreadMs: number;
  private auth!: FakeAuthModule;

  constructor(parts: { engine: FakeEngine; container: unknown; burstSpreadMs: number }) {
    this.engine = parts.engine;
    this.container = parts.container;
    this.burstSpreadMs = parts.burstSpreadMs;
  }

  /** Wired after construction: the auth module's callbacks need the instance's counters. */
  attachAuth(auth: FakeAuthModule): void {
    this.auth = auth;
  }

  /** Like the real one: returns void, re-authenticates asynchronously, latest call wins. */
  setSession(jwt: string): void {
    // The real viewer silently misbehaves here; the library must never do it, so make it loud.
    if (this.unloaded) throw new Error('FakeInstance.setSession called after unload');
    this.setSessionCalls.push(jwt);
    this.auth.setSession(jwt);
  }

  /** One server request caused by a user action (a tile, a sync). Rejects with the SDK-like error. */
  request(): Promise<void> {
    return this.send(undefined, 0);
  }

  /**
   * n concurrent requests, as when zooming fails many tiles at once. Like real tiles they do not all
   * answer together: the second half answers burstSpreadMs later (one timer for all of them), so after
   * a rejected onAuthFailed those still in flight start one second cycle, as observed in the real viewer.
   */
  requestMany(n: number): Promise<PromiseSettledResult<void>[]> {
    const firstWave = Math.ceil(n / 2);
    const secondWaveArrives = n > firstWave ? delay(this.burstSpreadMs) : undefined;
    const sends = Array.from({ length: n }, (_, i) => this.send(i < firstWave ? undefined : secondWaveArrives, 0));
    return Promise.allSettled(sends);
  }

  /** Called by unload(): rejects a pending refresh and stops its timer, like the SDK's destroy. */
  destroy(): void {
    this.unloaded = true;
    this.auth.destroy();
  }

  private async send(arrival: Promise<void> | undefined, attempt: number): Promise<void> {
    const state = await this.auth.getAuthState();
    const result = await this.engine.documentRequest(state.token, arrival);
    if (result.status >= 200 && result.status < 300) return;
    if (isAuthFailure(result.status, result.body) && attempt < 1) {
      await this.auth.refresh();
      return this.send(undefined, attempt + 1);
    }
    throw new FakeRequestError(result.status, result.body);
  }
}
