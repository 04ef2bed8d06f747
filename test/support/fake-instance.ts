// The viewer instance a fake load() resolves with: setSession plus a way to make server requests
// the way the SDK's request class does (auth state -> fetch -> on auth failure refresh, retry once).
import type { FakeAuthModule } from './fake-auth-module.js';
import { delay, type FakeEngine } from './fake-engine.js';
import { PSPDFKitError, SaveError, isAuthFailure } from './sdk-errors.js';

/** The SDK's `autoSaveMode`: IMMEDIATE (default with Instant), INTELLIGENT (default without), DISABLED. */
export type FakeAutoSaveMode = 'IMMEDIATE' | 'INTELLIGENT' | 'DISABLED';

export interface FakeViewState {
  readonly readOnly: boolean;
  set(key: 'readOnly', value: boolean): FakeViewState;
}

const viewStateOf = (readOnly: boolean): FakeViewState => ({ readOnly, set: (_key, value) => viewStateOf(value) });

type Listener = (payload?: unknown) => void;

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
  /** When changes are saved without save() (the SDK's autoSaveMode). */
  autoSaveMode: FakeAutoSaveMode = 'INTELLIGENT';
  /** INTELLIGENT saves this long after the last change (the real one waits for the user to finish). */
  intelligentDelayMs = 2_000;
  viewState: FakeViewState = viewStateOf(false);
  /** The annotations the viewer shows (ids). */
  readonly shown = new Set<string>();
  /** Changes unsaved when the viewer was unloaded: the SDK drops them without a word. */
  lostOnUnload = 0;
  /** Autosaves that failed: the SDK (1.22) hides them, only a later save may succeed. */
  hiddenSaveFailures = 0;
  readonly #unsaved = new Map<string, 'created' | 'deleted'>();
  readonly #listeners = new Map<string, Set<Listener>>();
  #saving: Promise<void> = Promise.resolve();
  #autoSaveTimer: ReturnType<typeof setTimeout> | undefined;
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
    this.lostOnUnload += this.#unsaved.size;
    this.#unsaved.clear();
    clearTimeout(this.#autoSaveTimer);
    this.auth.destroy();
  }

  /** The user draws an annotation. False when the viewer takes no drawing (read-only, unloaded). */
  draw(id: string): boolean {
    if (this.unloaded || this.viewState.readOnly) return false;
    this.shown.add(id);
    this.#change(id, 'created', 'annotations.create');
    return true;
  }

  /** The user deletes an annotation. */
  erase(id: string): boolean {
    if (this.unloaded || this.viewState.readOnly || !this.shown.delete(id)) return false;
    this.#change(id, 'deleted', 'annotations.delete');
    return true;
  }

  hasUnsavedChanges(): boolean {
    if (this.unloaded) throw new PSPDFKitError('The instance was unloaded');
    return this.#unsaved.size > 0;
  }

  /** Like the SDK's: one save at a time; rejects with SaveError (refused changes listed) or the request's error. */
  save(): Promise<void> {
    const next = this.#saving.catch(() => {}).then(() => this.#saveOnce());
    this.#saving = next;
    return next;
  }

  setViewState(update: FakeViewState | ((state: FakeViewState) => FakeViewState)): void {
    this.viewState = typeof update === 'function' ? update(this.viewState) : update;
  }

  addEventListener(type: string, listener: Listener): void {
    this.#listeners.set(type, (this.#listeners.get(type) ?? new Set()).add(listener));
  }

  removeEventListener(type: string, listener: Listener): void {
    this.#listeners.get(type)?.delete(listener);
  }

  #emit(type: string, payload?: unknown): void {
    for (const listener of [...(this.#listeners.get(type) ?? [])]) listener(payload);
  }

  #change(id: string, kind: 'created' | 'deleted', event: string): void {
    const wasSaved = this.#unsaved.size === 0;
    if (kind === 'deleted' && this.#unsaved.get(id) === 'created') this.#unsaved.delete(id);
    else this.#unsaved.set(id, kind);
    // The real SDK passes an Immutable List of annotations.
    this.#emit(event, [{ id }]);
    this.#emit('annotations.change');
    if (wasSaved) this.#emit('document.saveStateChange', { hasUnsavedChanges: true });
    if (this.autoSaveMode === 'IMMEDIATE') this.#autoSave();
    if (this.autoSaveMode === 'INTELLIGENT') {
      clearTimeout(this.#autoSaveTimer);
      this.#autoSaveTimer = setTimeout(() => this.#autoSave(), this.intelligentDelayMs);
    }
  }

  /** 1.22 swallows autosave failures: the changes stay pending and nothing is said. */
  #autoSave(): void {
    this.save().catch(() => this.hiddenSaveFailures++);
  }

  async #saveOnce(): Promise<void> {
    if (this.unloaded) throw new PSPDFKitError('The instance was unloaded');
    const batch = new Map(this.#unsaved);
    if (batch.size === 0) return;
    this.#emit('annotations.willSave');
    const ids = (kind: string) => [...batch].filter(([, what]) => what === kind).map(([id]) => id);
    let refused: string[] = [];
    await this.send(undefined, 0, async (token) => {
      const result = await this.engine.saveChanges(token, { created: ids('created'), deleted: ids('deleted') });
      refused = result.refused;
      return result;
    });
    for (const [id, kind] of batch) if (!refused.includes(id) && this.#unsaved.get(id) === kind) this.#unsaved.delete(id);
    if (refused.length > 0) {
      throw new SaveError('Some changes could not be saved', refused.map((id) => ({ error: new Error('rejected'), object: { id }, modificationType: batch.get(id)!.toUpperCase() })));
    }
    this.#emit('annotations.didSave');
    if (this.#unsaved.size === 0) this.#emit('document.saveStateChange', { hasUnsavedChanges: false });
  }

  private async send(arrival: Promise<void> | undefined, attempt: number, request?: (token: string) => Promise<{ status: number; body: string }>): Promise<void> {
    const state = await this.auth.getAuthState();
    const result = await (request ? request(state.token) : this.engine.documentRequest(state.token, arrival));
    if (result.status >= 200 && result.status < 300) return;
    if (isAuthFailure(result.status, result.body) && attempt < 1) {
      await this.auth.refresh();
      return this.send(undefined, attempt + 1, request);
    }
    throw new FakeRequestError(result.status, result.body);
  }
}
