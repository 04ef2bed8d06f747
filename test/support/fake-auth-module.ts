// A line-by-line port of the SDK 1.22.0 auth module (minified module 28869 in nutrient-viewer.js):
// soft refresh, onAuthFailed + 30 s timer, versioned setSession. Kept close to the original on
// purpose: its races (e.g. a second cycle right after a rejected onAuthFailed) are what we test against.
import type { AuthKind, AuthResponse } from './fake-engine.js';
import { HARD_REFRESH_TIMEOUT_MS, MESSAGES, PSPDFKitError, isAuthFailure } from './sdk-errors.js';

export interface AuthState { token: string; layerHandle: string }

export interface AuthModuleDeps {
  jwt: string;
  initial: AuthResponse;
  /** POST /auth with this JWT; rejects with status/body on HTTP failure, TypeError when down. */
  postAuth: (jwt: string, kind: AuthKind) => Promise<AuthResponse>;
  onAuthFailed?: () => unknown;
  /** Called after each applied /auth response (the viewer compares layer handles here). */
  onStateUpdated: (state: AuthState) => void;
}

const ignore = (): void => {};

export class FakeAuthModule {
  private state: AuthState;
  private jwt: string;
  private pendingGetState: Promise<AuthState> | null = null;
  private pendingRefresh: Promise<void> | null = null;
  private resolveRefresh: ((state: AuthState) => void) | null = null;
  private rejectRefresh: ((error: unknown) => void) | null = null;
  private superseded = false;
  private version = 0;
  private hardRefreshTimer: ReturnType<typeof setTimeout> | null = null;
  private destroyed = false;
  private readonly deps: AuthModuleDeps;

  constructor(deps: AuthModuleDeps) {
    this.deps = deps;
    this.jwt = deps.jwt;
    this.state = { token: deps.initial.token, layerHandle: deps.initial.layerHandle };
  }

  /** What a request sends. While a refresh or a setSession is pending, requests wait for it. */
  getAuthState(): Promise<AuthState> {
    if (this.destroyed) return Promise.reject(new PSPDFKitError(MESSAGES.authModuleDestroyed));
    return this.pendingGetState ?? Promise.resolve(this.state);
  }

  setSession(jwt: string): void {
    if (this.destroyed) return;
    this.jwt = jwt;
    this.superseded = true;
    const version = ++this.version;
    if (this.resolveRefresh) {
      // A refresh is pending: this call settles it, unless a later setSession supersedes this one.
      this.reauth(version)
        .then((state) => {
          if (this.version === version) { this.resolveRefresh?.(state); this.clearRefreshState(); }
        })
        .catch((error: unknown) => {
          if (this.version === version) { this.rejectRefresh?.(error); this.clearRefreshState(); }
        });
    } else {
      // Proactive renewal: later requests wait for it.
      const pending: Promise<AuthState> = this.reauth(version).finally(() => {
        if (this.pendingGetState === pending) this.pendingGetState = null;
      });
      this.pendingGetState = pending;
      // The real SDK leaves this rejection unhandled (a console error); vitest would fail the test on it.
      pending.catch(ignore);
    }
  }

  /** Called by a request that got an auth failure. Concurrent callers share one pending refresh. */
  async refresh(): Promise<void> {
    if (this.destroyed) throw new PSPDFKitError(MESSAGES.authModuleDestroyed);
    if (this.pendingRefresh) {
      await this.pendingRefresh;
      return;
    }
    this.pendingGetState = this.doRefresh();
    this.pendingRefresh = this.pendingGetState.then(ignore, (error: unknown) => { throw error; });
    try {
      await this.pendingRefresh;
    } finally {
      this.clearRefreshState();
    }
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.rejectRefresh?.(new PSPDFKitError(MESSAGES.authModuleDestroyed));
    this.clearRefreshState();
    this.deps.onAuthFailed = undefined;
  }

  private async reauth(version: number): Promise<AuthState> {
    const response = await this.deps.postAuth(this.jwt, 'set-session');
    if (!this.destroyed && this.version === version) this.apply(response);
    return this.state;
  }

  private doRefresh(): Promise<AuthState> {
    return new Promise<AuthState>((resolve, reject) => {
      if (this.destroyed) return reject(new PSPDFKitError(MESSAGES.authModuleDestroyed));
      this.resolveRefresh = resolve;
      this.rejectRefresh = reject;
      this.superseded = false;
      // Soft refresh: the current JWT may still be good even though the session token is not.
      this.deps.postAuth(this.jwt, 'soft-refresh').then(
        (response) => {
          if (this.destroyed || this.superseded) return;
          this.apply(response);
          this.resolveRefresh?.(this.state);
        },
        (error: unknown) => this.hardRefresh(error),
      );
    });
  }

  /** The soft refresh failed: ask the app for a new JWT, unless the failure is not about auth. */
  private hardRefresh(error: unknown): void {
    if (this.destroyed || this.superseded) return;
    const { status, body } = error as { status?: number; body?: string };
    const text = body ?? (error instanceof Error ? error.message : String(error));
    if (!isAuthFailure(status ?? 0, text)) return void this.rejectRefresh?.(error);
    const onAuthFailed = this.deps.onAuthFailed;
    if (!onAuthFailed) return void this.rejectRefresh?.(new PSPDFKitError(MESSAGES.authFailedNoCallback));
    this.hardRefreshTimer = setTimeout(() => {
      this.hardRefreshTimer = null;
      this.rejectRefresh?.(new PSPDFKitError(MESSAGES.refreshTimedOut));
    }, HARD_REFRESH_TIMEOUT_MS);
    let outcome: Promise<unknown>;
    try {
      outcome = Promise.resolve(onAuthFailed());
    } catch (thrown) {
      outcome = Promise.reject(thrown);
    }
    outcome.catch((failure: unknown) => {
      this.clearTimer();
      this.rejectRefresh?.(failure);
    });
  }

  private apply(response: AuthResponse): void {
    this.state = { token: response.token, layerHandle: response.layerHandle };
    this.deps.onStateUpdated(this.state);
  }

  private clearTimer(): void {
    if (this.hardRefreshTimer !== null) clearTimeout(this.hardRefreshTimer);
    this.hardRefreshTimer = null;
  }

  private clearRefreshState(): void {
    this.clearTimer();
    this.resolveRefresh = null;
    this.rejectRefresh = null;
    this.pendingRefresh = null;
    this.pendingGetState = null;
  }
}
