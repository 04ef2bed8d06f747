// The live timeline under the viewer: the run so far (at least a minute, at most the last 15),
// redrawn every second from the session's events, the stand-in's log and QA's marks.
import type { SessionEvent } from '../../src/index';
import type { RequestEntry } from './admin-api';
import type { TimedEvent } from './demo-session';
import { byId } from './dom';
import type { Verdict } from './engine-refusals';
import { duration } from './format';
import type { QaRun } from './qa-run';
import { type QaSpan, type TimelineData, timelineSvg } from './timeline-svg';
import { realNow } from './page-clock';

const MIN_SPAN_MS = 60_000;
const MAX_SPAN_MS = 15 * 60_000;

export interface TimelineSources {
  run: QaRun;
  events: () => readonly TimedEvent[];
  requests: () => readonly RequestEntry[];
  verdicts: () => ReadonlyMap<number, Verdict>;
  scenarios: () => QaSpan[];
  /** Whether a fault QA made explains the library's `event` at `at` (fault-explainer.ts). */
  explained?: (at: number, event: SessionEvent) => boolean;
}

export function timelineData({ run, events, requests, verdicts, scenarios, explained = () => false }: TimelineSources, now = realNow()): TimelineData {
  const to = Math.max(now, run.startedAt + MIN_SPAN_MS);
  const from = Math.max(run.startedAt, to - MAX_SPAN_MS);
  const data: TimelineData = { from, to, tokens: [], library: [], engine: [], actions: [], scenarios: scenarios().filter((s) => (s.end ?? now) >= from) };
  for (const { at, event } of events()) {
    if (at < from) continue;
    switch (event.type) {
      case 'renewed':
        // A token whose expiry no clock could tell has no bar.
        if (event.expiresAt !== undefined) data.tokens.push({ issuedAt: at, renewAt: event.renewAt ?? event.expiresAt, expiresAt: event.expiresAt, reason: event.reason });
        data.library.push({ at, type: 'renewed', reason: event.reason, label: `renewed (${event.reason}) in ${duration(event.durationMs)}, ${event.attempts} attempt(s)` });
        break;
      case 'retrying':
        data.library.push({ at, type: 'retrying', delayMs: event.delayMs, label: `retrying (${event.reason}): attempt ${event.attempt} failed${event.status ? ` HTTP ${event.status}` : ''} ${event.error.name}; next in ${duration(event.delayMs)}` });
        break;
      case 'error':
        data.library.push({ at, type: 'error', expected: explained(at, event), label: `error (${event.reason})${event.fatal ? ' fatal' : ''}: ${event.error.name}: ${event.error.message}${explained(at, event) ? ' — expected' : ''}` });
        break;
      case 'ended':
        data.library.push({ at, type: 'ended', expected: explained(at, event), label: `ended (${event.reason}): ${event.error.name}${explained(at, event) ? ' — expected' : ''}` });
        break;
      case 'state':
        if (event.state === 'expired') data.library.push({ at, type: 'expired', label: `state ${event.previous} → expired` });
        break;
      default:
        break;
    }
  }
  const judged = verdicts();
  for (const entry of requests()) {
    if (entry.server !== 'engine' || entry.method === 'OPTIONS' || entry.time < from) continue; // preflights: no token, no news
    const verdict = judged.get(entry.seq);
    data.engine.push({
      at: entry.time,
      status: entry.status,
      kind: entry.kind,
      ...(verdict && { expected: verdict.expected }),
      label: `engine ${entry.kind} ${entry.status}${entry.detail ? ` ${entry.detail}` : ''}${entry.session ? ` (${entry.session})` : ''}${verdict ? (verdict.expected ? ' — expected' : ' — UNEXPECTED') : ''}`,
    });
  }
  for (const mark of run.marks) if (mark.at >= from) data.actions.push({ at: mark.at, kind: mark.kind, label: mark.label });
  return data;
}

export class Timeline {
  readonly #host = byId('timeline');
  readonly #tip = byId('timeline-tip');
  #pointing = false;

  constructor(private readonly sources: TimelineSources) {
    // Hover shows the mark's event; redrawing under the pointer would make it flicker, so wait.
    this.#host.addEventListener('mouseenter', () => (this.#pointing = true));
    this.#host.addEventListener('mouseleave', () => {
      this.#pointing = false;
      this.#tip.hidden = true;
    });
    this.#host.addEventListener('mousemove', (event) => this.#showTip(event));
  }

  #showTip(event: MouseEvent): void {
    const mark = (event.target as Element).closest('svg > *:not(style)');
    const text = mark?.querySelector(':scope > title')?.textContent;
    this.#tip.hidden = !text;
    if (!text) return;
    this.#tip.textContent = text;
    const box = this.#host.getBoundingClientRect();
    this.#tip.style.left = `${Math.min(event.clientX - box.left + 12, box.width - 320)}px`;
    this.#tip.style.top = `${event.clientY - box.top - 34}px`;
  }

  start(): void {
    this.render();
    setInterval(() => this.render(), 1000);
  }

  render(now = realNow()): void {
    if (this.#pointing) return;
    const width = Math.max(320, this.#host.clientWidth);
    this.#host.innerHTML = timelineSvg(timelineData(this.sources, now), width); // built from escaped text only
  }

  /** The current picture, for the report. */
  svg(width = 1200, now = realNow()): string {
    return timelineSvg(timelineData(this.sources, now), width);
  }
}
