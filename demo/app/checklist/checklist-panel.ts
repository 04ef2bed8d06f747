// The "QA checklist" tab: each scenario with its expected result, a Run button, its status and
// the evidence; "Run all" runs them in order. Text only (textContent), never parsed as HTML.
import { byId } from '../dom';
import type { ChecklistRunner } from './runner';
import type { ScenarioResult } from './scenario';

export class ChecklistPanel {
  readonly #list = byId<HTMLOListElement>('checklist');
  readonly #summary = byId('checklist-summary');
  readonly #runAll = byId<HTMLButtonElement>('checklist-run-all');
  readonly #items = new Map<string, HTMLLIElement>();

  constructor(private readonly runner: ChecklistRunner) {
    this.#runAll.addEventListener('click', () => void this.runner.runAll());
    for (const result of runner.results) {
      const item = this.#item(result);
      this.#items.set(result.id, item);
      this.#list.append(item);
      this.#render(result);
    }
    runner.listen((result) => this.#render(result));
    this.#summarise();
  }

  #item(result: ScenarioResult): HTMLLIElement {
    const item = document.createElement('li');
    item.className = 'scenario';
    item.dataset.scenario = result.id;
    const head = document.createElement('div');
    head.className = 'scenario-head';
    const status = document.createElement('span');
    status.className = 'scenario-status';
    const title = document.createElement('strong');
    title.textContent = result.title;
    const run = document.createElement('button');
    run.className = 'scenario-run';
    run.textContent = 'Run';
    run.addEventListener('click', () => void this.runner.runOne(result.id));
    head.append(status, title, run);
    const expected = document.createElement('p');
    expected.className = 'scenario-expected';
    expected.textContent = `Expected: ${result.expected}`;
    const cause = document.createElement('p');
    cause.className = 'scenario-cause';
    cause.hidden = true;
    item.append(head, expected, cause);
    const evidence = document.createElement('ul');
    evidence.className = 'scenario-evidence';
    item.append(evidence);
    return item;
  }

  #render(result: ScenarioResult): void {
    const item = this.#items.get(result.id);
    if (!item) return;
    item.dataset.status = result.status;
    item.querySelector('.scenario-status')!.textContent = result.status;
    const cause = item.querySelector<HTMLElement>('.scenario-cause')!;
    cause.hidden = !result.cause;
    cause.textContent = result.cause ? `Cause: ${result.cause}` : '';
    const evidence = item.querySelector('.scenario-evidence')!;
    evidence.replaceChildren(...result.evidence.map((line) => {
      const li = document.createElement('li');
      li.textContent = line;
      return li;
    }));
    if (result.status === 'running') item.scrollIntoView({ block: 'nearest' });
    this.#summarise();
  }

  #summarise(): void {
    const count = (status: string) => this.runner.results.filter((r) => r.status === status).length;
    const running = this.runner.results.find((r) => r.status === 'running');
    this.#summary.textContent = `${count('passed')} passed · ${count('failed')} failed · ${count('not run')} not run${running ? ` · running: ${running.title}` : ''}`;
    this.#runAll.disabled = this.runner.busy;
    for (const button of this.#list.querySelectorAll<HTMLButtonElement>('.scenario-run')) button.disabled = this.runner.busy;
  }
}
