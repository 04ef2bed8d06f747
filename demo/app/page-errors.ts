// What the browser's console would show in red and the page would not: the viewer's requests that
// never reached the engine (connection refused: the stand-in cannot log them) and errors nobody
// caught (the SDK leaves a failed proactive setSession's /auth and failed tile loads unhandled,
// docs/sdk-behaviour.md). Each becomes a session-log line, expected when QA's fault explains it
// (and then kept out of the console), UNEXPECTED otherwise; the Engine's view counts them.
import { byId } from './dom';
import type { EventLog } from './event-log';
import { faultExplanation } from './fault-explainer';
import { plural } from './format';
import type { QaRun } from './qa-run';
import { realNow } from './page-clock';

const FLUSH_MS = 1_000;

/** "…/h/abc/page-0-tile-…" → "tile"; the engine's request kinds as the stand-in names them. */
function kindOf(url: string): string {
  if (/\/auth(\?|$)/.test(url)) return 'auth';
  if (/tile|page-\d+-(dimensions|image)/.test(url)) return 'tile';
  if (/sync|changes/.test(url)) return 'sync';
  return 'document';
}

export class PageErrors {
  /** Requests that failed before any answer, and uncaught errors; with how many QA explained. */
  unreachable = { total: 0, explained: 0 };
  uncaught = { total: 0, explained: 0 };
  #pending: string[] = [];
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly log: EventLog, private readonly run: QaRun, private readonly engineUrl: string) {}

  install(): void {
    const realFetch = window.fetch.bind(window);
    window.fetch = async (input, init) => {
      try {
        return await realFetch(input, init);
      } catch (error) {
        const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
        const aborted = error instanceof DOMException && error.name === 'AbortError';
        if (!aborted && url.startsWith(this.engineUrl)) this.#unreachable(kindOf(url));
        throw error;
      }
    };
    window.addEventListener('unhandledrejection', (event) => this.#uncaught(event, event.reason));
    window.addEventListener('error', (event) => this.#uncaught(event, event.error ?? event.message));
  }

  reset(): void {
    this.unreachable = { total: 0, explained: 0 };
    this.uncaught = { total: 0, explained: 0 };
  }

  #unreachable(kind: string): void {
    this.unreachable.total += 1;
    if (faultExplanation(this.run, realNow())) this.unreachable.explained += 1;
    this.#pending.push(kind);
    this.#timer ??= setTimeout(() => this.#flush(), FLUSH_MS);
  }

  /** One line per burst: a page of tiles failing is one line, not twelve. */
  #flush(): void {
    this.#timer = undefined;
    const kinds = [...new Set(this.#pending)].join('/');
    const text = `${plural(this.#pending.length, 'viewer request')} (${kinds}) never reached the engine (connection failed)`;
    this.#pending = [];
    const why = faultExplanation(this.run, realNow());
    this.log.add(why ? { kind: 'expected', text: `${text} (expected: ${why})` } : { kind: 'warning', text: `${text} (UNEXPECTED)` });
  }

  #uncaught(event: Event, reason: unknown): void {
    const text = reason instanceof Error ? `${reason.name}: ${reason.message}` : String(reason);
    const why = faultExplanation(this.run, realNow());
    this.uncaught.total += 1;
    if (why) {
      this.uncaught.explained += 1;
      event.preventDefault(); // explained here: not an "Uncaught" line in the console as well
      this.log.add({ kind: 'expected', text: `uncaught in the page: ${text} (expected: ${why}; the SDK leaves failed requests unhandled)` });
    } else {
      this.log.add({ kind: 'warning', text: `uncaught in the page: ${text} (UNEXPECTED)` });
    }
  }
}

/** The Engine's view row: what never reached the engine and what nobody caught, and whether QA explains it. */
export function showPageErrors({ unreachable, uncaught }: PageErrors): void {
  const cell = byId('page-errors');
  const unexplained = unreachable.total - unreachable.explained + uncaught.total - uncaught.explained;
  cell.dataset.bad = String(unexplained > 0);
  cell.textContent = unreachable.total + uncaught.total === 0
    ? 'none'
    : `${plural(unreachable.total, 'request')} unreachable, ${uncaught.total} uncaught · ${unexplained === 0 ? 'all during QA\'s faults (expected)' : `${unexplained} UNEXPECTED`}`;
}
