// The viewer session the page shows: loads it through the library, reloads it when a toggle
// changes, and keeps every event (from the first token's fetch on) for the panel and for tests.
import type { Instance } from '@nutrient-sdk/viewer';
import { loadViewer, type SessionEvent, type ViewerSession } from '../../src/index';
import { type BreakMode, brokenOverrides } from './broken-build';
import type { ViewerSettings } from './page-params';
import { QA_TOOLBAR_ITEMS } from './toolbar';
import { realNow } from './page-clock';

export type LoadStatus = { kind: 'loading' } | { kind: 'loaded' } | { kind: 'failed'; error: unknown };

/** A session event and when it arrived here (the events carry expiry times, not their own time). */
export interface TimedEvent {
  at: number;
  event: SessionEvent;
}

export interface DemoSessionListener {
  event(event: SessionEvent): void;
  status(status: LoadStatus): void;
}

const CONTAINER = '#viewer';
/** The demo user's sharing scope: the "two tabs" scenario's second tab uses the same. */
export const SHARING_SCOPE = 'qa-demo-user';

export class DemoSession {
  session: ViewerSession<Instance> | undefined;
  status: LoadStatus = { kind: 'loading' };
  readonly events: SessionEvent[] = [];
  readonly timed: TimedEvent[] = [];
  /** When each start() began: a load's /auth belongs to the load, not to an earlier renewal. */
  readonly loadStartedAt: number[] = [];
  /** The settings of the viewer loaded (or loading) now. */
  settings: ViewerSettings | undefined;
  #listeners: DemoSessionListener[] = [];
  #generation = 0; // a newer start() wins over one still loading

  /** `breakMode`: test-only, loads the library as a known-bad build would behave (broken-build.ts). */
  constructor(readonly breakMode?: BreakMode) {}

  listen(listener: DemoSessionListener): void {
    this.#listeners.push(listener);
  }

  async start(settings: ViewerSettings): Promise<void> {
    const generation = ++this.#generation;
    this.loadStartedAt.push(realNow());
    this.settings = { ...settings };
    const failedBefore = this.status.kind === 'failed';
    this.session?.unload();
    this.session = undefined;
    this.#setStatus({ kind: 'loading' });
    // A failed load() can leave the SDK attached to the container; it must let go first.
    if (failedBefore) await releaseContainer();
    try {
      const session = await loadViewer({
        container: CONTAINER,
        serverUrl: settings.engineUrl,
        documentId: settings.documentId,
        refresh: '/api/token',
        baseUrl: `${location.origin}/`, // SDK assets from /nutrient-viewer-lib/ on this origin, no CDN
        toolbarItems: QA_TOOLBAR_ITEMS as never, // the SDK's ToolbarItem type is an Immutable record
        instant: settings.instant,
        performanceTrack: true, // a "Viewer session" track in DevTools' Performance panel
        ...brokenOverrides(this.breakMode, settings.proactive), // renewal; test-only: ?break=
        ...(settings.sharing && { sharing: { scope: SHARING_SCOPE } }),
        onEvent: (event) => this.#record(event),
      });
      if (generation !== this.#generation) return session.unload();
      this.session = session;
      this.#setStatus({ kind: 'loaded' });
    } catch (error) {
      if (generation === this.#generation) this.#setStatus({ kind: 'failed', error });
    }
  }

  /** The first viewer (re)load that started after `at`; Infinity when none has. */
  nextLoadAfter(at: number): number {
    return this.loadStartedAt.find((started) => started > at) ?? Infinity;
  }

  #record(event: SessionEvent): void {
    this.events.push(event);
    this.timed.push({ at: realNow(), event });
    for (const listener of this.#listeners) listener.event(event);
  }

  #setStatus(status: LoadStatus): void {
    this.status = status;
    for (const listener of this.#listeners) listener.status(status);
  }
}

async function releaseContainer(): Promise<void> {
  try {
    const { default: sdk } = await import('@nutrient-sdk/viewer');
    sdk.unload(CONTAINER);
  } catch {
    // Nothing was attached.
  }
}
