// The "Requests" tab: the stand-in's log for this run, newest first, ISO times, admin calls left
// out; engine refusals say whether they were expected. Paths only: the log never has query strings.
import type { RequestEntry } from './admin-api';
import { byId } from './dom';
import { isoTime } from './format';
import type { Judged, Verdict } from './engine-refusals';

const MAX_ROWS = 400;

/** "…/h/layer-1a2b/page-0-dimensions-…" → the last path segment, shortened. */
export function shortPath(path: string): string {
  const name = path.split('/').filter(Boolean).at(-1) ?? path;
  return name.length > 38 ? `${name.slice(0, 36)}…` : name;
}

export class RequestView {
  readonly #body = byId<HTMLTableSectionElement>('request-rows');
  readonly #count = byId('request-count');
  #total = 0;

  /** `explain`: a verdict for a failure the engine's refusal verdicts do not cover (the token endpoint's). */
  add(entries: RequestEntry[], verdicts: Map<number, Verdict>, explain: (entry: RequestEntry) => Verdict | undefined = () => undefined): void {
    for (const entry of entries) {
      const row = document.createElement('tr');
      const verdict = verdicts.get(entry.seq) ?? explain(entry);
      row.dataset.seq = String(entry.seq);
      row.className = entry.status >= 400 || entry.status === 0 ? (verdict?.expected ? 'req-expected' : 'req-bad') : '';
      const cells = [
        isoTime(entry.time),
        entry.kind, // auth, tile, document, sync, websocket at the engine; token at the token endpoint
        `${entry.method} ${shortPath(entry.path)}`,
        String(entry.status),
        entry.session ?? '',
        `${entry.ms} ms`,
        verdict ? (verdict.expected ? 'expected' : 'UNEXPECTED') : (entry.detail ?? ''),
      ];
      for (const text of cells) {
        const cell = document.createElement('td');
        cell.textContent = text;
        row.append(cell);
      }
      // The time column shows the clock part; the whole ISO time is its tooltip (and in the export).
      row.firstElementChild!.textContent = cells[0]!.slice(11, 23);
      (row.firstElementChild as HTMLElement).title = cells[0]!;
      if (verdict) row.title = verdict.why;
      this.#body.prepend(row);
    }
    this.#total += entries.length;
    while (this.#body.childElementCount > MAX_ROWS) this.#body.lastElementChild?.remove();
    this.#count.textContent = `${this.#total} requests this run (admin calls left out)`;
  }

  /** A refusal first judged expected whose recovery never came: the row turns unexpected. */
  revise(revised: readonly Judged[]): void {
    for (const { entry, verdict } of revised) {
      const row = this.#body.querySelector<HTMLTableRowElement>(`tr[data-seq="${entry.seq}"]`);
      if (!row) continue;
      row.className = 'req-bad';
      row.lastElementChild!.textContent = 'UNEXPECTED';
      row.title = verdict.why;
    }
  }

  clear(): void {
    this.#total = 0;
    this.#body.replaceChildren();
    this.#count.textContent = '0 requests this run';
  }
}
