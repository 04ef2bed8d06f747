// The scrolling log: newest line on top, time-stamped, coloured by kind; capped so hours of
// renewals cannot grow the page without bound.
import { byId } from './dom';
import type { LogLine } from './event-line';
import { clockTime } from './format';

const MAX_LINES = 500;

export class EventLog {
  readonly #list = byId<HTMLOListElement>('event-log');

  constructor() {
    byId('clear-log').addEventListener('click', () => this.#list.replaceChildren());
  }

  add({ kind, text }: LogLine, at = Date.now()): void {
    const item = document.createElement('li');
    item.className = `log-line log-${kind}`;
    item.dataset.kind = kind;
    const time = document.createElement('time');
    time.textContent = clockTime(at);
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
}
