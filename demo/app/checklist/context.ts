// What a scenario can do and see: QA's actions, the viewer, the session's events since the
// scenario started, and the stand-in's requests since then. Waits poll with a timeout and fail
// with a sentence saying what did not happen.
import type { SessionEvent } from '../../../src/index';
import type { RequestEntry } from '../admin-api';
import type { DemoSession, TimedEvent } from '../demo-session';
import type { EventLog } from '../event-log';
import type { QaActions } from '../qa-actions';
import type { RequestFeed } from '../request-feed';
import type { SideFrame } from '../side-frame';
import { drawRectangle, nextPage, renewNow, zoomToFresh } from '../viewer-actions';
import { ScenarioFailure } from './scenario';
import { realNow, setClockOffset } from '../page-clock';

export interface ViewerToggles { proactive: boolean; instant: boolean; sharing?: boolean }

export interface ContextDeps {
  demo: DemoSession;
  feed: RequestFeed;
  log: EventLog;
  actions: QaActions;
  /** Reloads the viewer with these toggles (as the checkboxes do) and waits until it loaded. */
  reload: (toggles: ViewerToggles) => Promise<void>;
  /** Clicks the banner's action ("Sign in again"); false when no banner shows. */
  clickBanner: () => boolean;
  bannerShown: () => boolean;
  /** A second page in a frame over the viewer (another tab, an old SDK). */
  sideFrame: SideFrame;
  /** A mark on the timeline's QA row. */
  mark: (kind: string, label: string) => void;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let drawn = 0;
let zoomStep = 0;

export class ScenarioContext {
  readonly startedAt = realNow();
  readonly evidenceLines: string[] = [];

  constructor(readonly deps: ContextDeps, readonly startSeq: number) {}

  get demo(): DemoSession { return this.deps.demo; }
  get actions(): QaActions { return this.deps.actions; }

  evidence(line: string): void {
    this.evidenceLines.push(line);
  }

  check(condition: boolean, passed: string, failed = passed): void {
    if (!condition) throw new ScenarioFailure(failed);
    this.evidence(`✓ ${passed}`);
  }

  renew(): void {
    this.deps.log.action(`checklist: ${renewNow(this.demo)}`);
  }

  zoom(): void {
    this.deps.log.action(`checklist: ${zoomToFresh(this.demo, zoomStep++)}`);
  }

  nextPage(): void {
    this.deps.log.action(`checklist: ${nextPage(this.demo)}`);
  }

  async draw(): Promise<void> {
    this.deps.log.action(`checklist: ${await drawRectangle(this.demo, drawn++)}`);
  }

  reload(toggles: ViewerToggles): Promise<void> {
    return this.deps.reload(toggles);
  }

  /** The session's events since the scenario started (or since `after`). */
  events(after = this.startedAt): TimedEvent[] {
    return this.demo.timed.filter((timed) => timed.at >= after);
  }

  eventsOf<T extends SessionEvent['type']>(type: T, after = this.startedAt): (TimedEvent & { event: Extract<SessionEvent, { type: T }> })[] {
    return this.events(after).filter((timed) => timed.event.type === type) as never;
  }

  /** The stand-in's requests since the scenario started (admin calls left out), read afresh. */
  async requests(filter: (entry: RequestEntry) => boolean = () => true): Promise<RequestEntry[]> {
    await this.deps.feed.pollFresh();
    return this.#seen(filter);
  }

  #seen(filter: (entry: RequestEntry) => boolean): RequestEntry[] {
    return this.deps.feed.entries.filter((entry) => entry.seq > this.startSeq && filter(entry));
  }

  /** Resolves with the first event matching, waiting up to `timeoutMs`. */
  async waitForEvent<T extends SessionEvent['type']>(
    type: T, what: string, match: (event: Extract<SessionEvent, { type: T }>, at: number) => boolean = () => true, timeoutMs = 20_000, after = this.startedAt,
  ): Promise<TimedEvent & { event: Extract<SessionEvent, { type: T }> }> {
    const end = realNow() + timeoutMs;
    for (;;) {
      const found = this.eventsOf(type, after).find(({ event, at }) => match(event, at));
      if (found) return found;
      if (realNow() > end) throw new ScenarioFailure(`no ${what} within ${timeoutMs / 1000} s`);
      await sleep(100);
    }
  }

  /** Like waitForEvent('renewed'), but fails at once when an `error` or `ended` event comes first. */
  async waitForRenewal(what: string, reason: string, timeoutMs = 20_000, after = this.startedAt): Promise<TimedEvent & { event: Extract<SessionEvent, { type: 'renewed' }> }> {
    const end = realNow() + timeoutMs;
    for (;;) {
      const found = this.eventsOf('renewed', after).find(({ event }) => event.reason === reason);
      if (found) return found;
      const failed = this.events(after).find(({ event }) => event.type === 'error' || event.type === 'ended');
      if (failed && (failed.event.type === 'error' || failed.event.type === 'ended')) {
        const { error } = failed.event;
        throw new ScenarioFailure(`no ${what}: the renewal ${failed.event.type === 'ended' ? 'ended the session' : 'failed'} first (${error.code}${error.status ? `, HTTP ${error.status}` : ''})`);
      }
      if (realNow() > end) throw new ScenarioFailure(`no ${what} within ${timeoutMs / 1000} s`);
      await sleep(100);
    }
  }

  /** Resolves with the first stand-in request matching, polling its log, waiting up to `timeoutMs`. */
  async waitForRequest(what: string, match: (entry: RequestEntry) => boolean, timeoutMs = 20_000): Promise<RequestEntry> {
    const end = realNow() + timeoutMs;
    for (;;) {
      const [found] = await this.requests(match);
      if (found) return found;
      if (realNow() > end) throw new ScenarioFailure(`the stand-in saw no ${what} within ${timeoutMs / 1000} s`);
      await sleep(250);
    }
  }

  /** Polls the stand-in's log until the requests matching `filter` satisfy `enough`; resolves with them. */
  async waitForRequests(what: string, filter: (entry: RequestEntry) => boolean, enough: (entries: RequestEntry[]) => boolean, timeoutMs = 20_000): Promise<RequestEntry[]> {
    const end = realNow() + timeoutMs;
    for (;;) {
      const found = await this.requests(filter);
      if (enough(found)) return found;
      if (realNow() > end) throw new ScenarioFailure(`the stand-in saw no ${what} within ${timeoutMs / 1000} s`);
      await sleep(250);
    }
  }

  /** Sets the page's clock `ms` off the true time, with no wake event (page-clock.ts); logged and marked. */
  setClock(ms: number, why: string): void {
    setClockOffset(ms);
    this.deps.log.action(`checklist: page clock ${ms === 0 ? 'back to the true time' : `${ms > 0 ? '+' : '−'}${Math.abs(ms) / 1000} s`} (${why})`);
    this.deps.mark('clock', `page clock ${ms >= 0 ? '+' : '−'}${Math.abs(ms) / 1000} s: ${why}`);
  }

  async waitUntil(what: string, condition: () => boolean, timeoutMs = 20_000): Promise<void> {
    const end = realNow() + timeoutMs;
    while (!condition()) {
      if (realNow() > end) throw new ScenarioFailure(`${what}: not within ${timeoutMs / 1000} s`);
      await sleep(100);
    }
  }

  /** The engine's 401/403 answers since the scenario started. */
  refusals(): Promise<RequestEntry[]> {
    return this.requests((entry) => entry.server === 'engine' && (entry.status === 401 || entry.status === 403));
  }
}
