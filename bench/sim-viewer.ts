// One simulated world for the Node benchmarks: a virtual clock (bench/virtual-clock.ts), the fake
// Document Engine and fake SDK from test/support (their auth module is a port of SDK 1.22.0's: a
// 401/403 makes a soft refresh with the current JWT, then onAuthFailed, then one retry), a token
// endpoint behind a stubbed global fetch, and one or more tabs kept authenticated either by our
// `loadViewer` (default renewal options) or by the guide's pattern (bench/baseline.ts).
import { guidePattern } from './baseline.js';
// The session code itself, not the lazy front door: a dynamic import is not something the virtual clock can drive.
import { loadViewer } from '../src/viewer/load-viewer.js';
import { memoryChannels } from '../test/support/memory-channel.js';
import type { SessionEvent } from '../src/index.js';
import { browserEnvironment, type WakeCause } from '../src/session/environment.js';
import { createFakeSdk, FakeEngine, type FakeInstance } from '../test/support/fake-sdk.js';
import { jwtFor } from '../test/support/jwt.js';
import { VirtualClock } from './virtual-clock.js';

export type Side = 'ours' | 'guide';

export const DOCUMENT_ID = 'doc-1';
const TOKEN_URL = 'http://app.test/api/token';
export const TOKEN_LATENCY_MS = 80;
export const ENGINE_LATENCY_MS = 20;

export interface WorldOptions {
  side: Side;
  lifetimeSec: number;
  /** Whether the page hears `visibilitychange` (our environment's `visible`) after a sleep or a hidden spell. */
  wakeEvents: boolean;
  tabs?: number;
  /** Ours only: the tabs share tokens over an in-memory channel (the `sharing` option). */
  sharing?: boolean;
  start?: number;
  /** Ours only: every session event (for looking into a run). */
  onEvent?: (event: SessionEvent) => void;
}

export interface Tab {
  instance: FakeInstance;
  /** A page event reaches the session (only when the world has wake events). */
  wake(cause: WakeCause): void;
  /** The user's pointer or key on the page: every browser delivers it, wake events or not. */
  input(): void;
  /** The page is hidden or shown: what `document.visibilityState` says (the event is `wake('visible')`). */
  setHidden(hidden: boolean): void;
  unload(): void;
}

/** Counters read at two moments; `since(mark)` gives what happened in between. */
export interface Counters {
  tokenRequests: number;
  authCalls: number;
  /** Recoveries: cycles of the SDK's refresh (a soft refresh each), i.e. moments the viewer stalled on auth. */
  stalls: number;
  /** Document requests answered 401/403 (each waited on a recovery). */
  waitedRequests: number;
  failedRequests: number;
  requests: number;
  wakeUps: number;
  callbackMs: number;
}

export class World {
  readonly clock: VirtualClock;
  readonly engine: FakeEngine;
  readonly tabs: Tab[] = [];
  tokenRequests = 0;
  /** Page events handed to a session's listeners (ours only). */
  wakeEventsDelivered = 0;
  requests = 0;
  failedRequests = 0;
  #restore: () => void;
  #pending: Promise<void>[] = [];

  private constructor(readonly options: WorldOptions) {
    this.clock = new VirtualClock(options.start ?? Date.UTC(2025, 0, 6, 8, 30, 0));
    const restoreClock = this.clock.install();
    const realFetch = globalThis.fetch;
    globalThis.fetch = (async () => {
      await this.clock.network(TOKEN_LATENCY_MS); // a response, not a timer: on time in a hidden tab too
      this.tokenRequests++;
      const headers = { 'content-type': 'application/json', date: new Date(Date.now()).toUTCString() };
      return new Response(JSON.stringify({ jwt: jwtFor(DOCUMENT_ID, options.lifetimeSec, Date.now()) }), { headers });
    }) as typeof fetch;
    this.#restore = () => {
      restoreClock();
      globalThis.fetch = realFetch;
    };
    this.engine = new FakeEngine({ documentId: DOCUMENT_ID, latencyMs: ENGINE_LATENCY_MS });
  }

  /** One BroadcastChannel hub for the world's tabs (delivery is a 0 ms task, as in browsers). */
  readonly #channels = memoryChannels();

  /** Makes the world and loads its tabs (restores the real clock and fetch on failure). */
  static async open(options: WorldOptions): Promise<World> {
    const world = new World(options);
    try {
      for (let i = 0; i < (options.tabs ?? 1); i++) world.tabs.push(await world.#load(`viewer-${i}`));
      await world.clock.advance(1_000);
      return world;
    } catch (error) {
      world.#restore();
      throw error;
    }
  }

  async #load(container: string): Promise<Tab> {
    const { clock } = this;
    const sdk = createFakeSdk(this.engine);
    if (this.options.side === 'ours') {
      // The real page environment (src/session/environment.ts) on stand-in window and document:
      // the user's input after a pause reaches the session through the same code as in a browser.
      const win = new EventTarget();
      const doc = Object.assign(new EventTarget(), { visibilityState: 'visible' });
      const environment = browserEnvironment({ window: win, document: doc, navigator: { onLine: true } });
      const session = await clock.run(
        loadViewer<FakeInstance>({
          container, serverUrl: 'http://engine.test/', documentId: DOCUMENT_ID, refresh: TOKEN_URL, sdk, environment,
          ...(this.options.onEvent && { onEvent: this.options.onEvent }),
          ...(this.options.sharing && { sharing: { scope: 'user-1', channel: this.#channels.factory } }),
        }),
      );
      return {
        instance: session.instance,
        wake: (cause) => {
          if (!this.options.wakeEvents) return;
          this.wakeEventsDelivered++;
          if (cause === 'visible') doc.dispatchEvent(new Event('visibilitychange'));
          else win.dispatchEvent(new Event(cause === 'input' ? 'pointermove' : cause));
        },
        input: () => void win.dispatchEvent(new Event('pointermove')),
        setHidden: (hidden) => void (doc.visibilityState = hidden ? 'hidden' : 'visible'),
        unload: () => session.unload(),
      };
    }
    const pattern = guidePattern(TOKEN_URL);
    const jwt = await clock.run(fetch(TOKEN_URL).then((r) => r.json()).then((body) => (body as { jwt: string }).jwt));
    const instance = await clock.run(
      sdk.load({ container, serverUrl: 'http://engine.test/', documentId: DOCUMENT_ID, instant: false, authPayload: { jwt }, onAuthFailed: pattern.onAuthFailed }),
    );
    pattern.start(instance, jwt);
    return {
      instance,
      wake: () => {}, // the guide's pattern listens to no page event
      input: () => {},
      setHidden: () => {},
      unload: () => {
        pattern.stop();
        sdk.unload(instance);
      },
    };
  }

  /** One user action in tab `index` that needs the engine (a tile, a sync); not awaited. */
  request(index = 0): void {
    this.requests++;
    this.#pending.push(this.tabs[index]!.instance.request().catch(() => void this.failedRequests++));
  }

  counters(): Counters {
    const authFailed = this.engine.authLog.filter((entry) => !entry.ok).length;
    return {
      tokenRequests: this.tokenRequests,
      authCalls: this.engine.authRequests,
      stalls: this.engine.authLog.filter((entry) => entry.kind === 'soft-refresh').length,
      waitedRequests: this.engine.authFailures - authFailed,
      failedRequests: this.failedRequests,
      requests: this.requests,
      wakeUps: this.clock.wakeUps[this.options.side],
      callbackMs: this.clock.callbackMs[this.options.side],
    };
  }

  /** Lets every request in flight finish. */
  async settle(): Promise<void> {
    await this.clock.run(Promise.allSettled(this.#pending));
    this.#pending = [];
  }

  async close(): Promise<void> {
    try {
      await this.settle();
      for (const tab of this.tabs) tab.unload();
      await this.clock.flush();
    } finally {
      this.#restore();
    }
  }
}

export function diff(after: Counters, before: Counters): Counters {
  const out = { ...after };
  for (const key of Object.keys(out) as Array<keyof Counters>) out[key] = after[key] - before[key];
  return out;
}
