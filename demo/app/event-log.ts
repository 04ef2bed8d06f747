// The session log: newest line on top, time-stamped, coloured by kind; capped so hours of
// renewals cannot grow the page without bound. Lines are kept for the exported report.
import { byId } from './dom';
import type { LogLine } from './event-line';
import { clockTime, isoTime } from './format';
import { realNow } from './page-clock';

const MAX_LINES = 500;

export interface LoggedLine extends LogLine {
  at: number;
}

export class EventLog {
  readonly #list = byId<HTMLOListElement>('event-log');
  readonly lines: LoggedLine[] = [];

  add(line: LogLine | undefined, at = realNow()): void {
    if (!line) return;
    const { kind, text } = line;
    this.lines.push({ at, kind, text });
    if (this.lines.length > MAX_LINES) this.lines.shift();
    const item = document.createElement('li');
    item.className = `log-line log-${kind}`;
    item.dataset.kind = kind;
    const time = document.createElement('time');
    time.textContent = clockTime(at);
    time.dateTime = isoTime(at);
    const message = document.createElement('span');
    message.textContent = text; // textContent: error messages are shown, never parsed as HTML
    item.append(time, message);
    this.#list.prepend(item);
    while (this.#list.childElementCount > MAX_LINES) this.#list.lastElementChild?.remove();
  }

  action(text: string): void {
    this.add({ kind: 'action', text });
  }

  actionFailed(text: string): void {
    this.add({ kind: 'action-error', text });
  }

  clear(): void {
    this.lines.length = 0;
    this.#list.replaceChildren();
  }
}
