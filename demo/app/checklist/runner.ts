// Runs checklist scenarios one at a time: puts the stand-in and the viewer back to a known state
// before and after each (no queued faults, engine up, no latency, the run's token lifetime,
// proactive on, Instant off), paces them so the library's loop breaker (10 renewals in 30 s) is
// never what a scenario measures, and records passed/failed with the evidence.
import { adminApi } from '../admin-api';
import type { EventLog } from '../event-log';
import { errorText } from '../format';
import type { QaRun } from '../qa-run';
import { causeOf } from './cause';
import { type ContextDeps, ScenarioContext, sleep } from './context';
import { type Scenario, type ScenarioResult } from './scenario';
import { clockOffset, realNow, setClockOffset } from '../page-clock';

const PACE_WINDOW_MS = 30_000;
const PACE_MAX_RENEWALS = 6;
const COOLDOWN_MS = 2_200; // past the library's failure cooldown (2 s)

export type ResultListener = (result: ScenarioResult) => void;

export class ChecklistRunner {
  readonly results: ScenarioResult[];
  #busy = false;
  #listeners: ResultListener[] = [];
  #lifetimeSec: number | undefined;

  constructor(readonly scenarios: Scenario[], private readonly deps: ContextDeps, private readonly log: EventLog, private readonly run: QaRun) {
    this.results = scenarios.map(({ id, title, expected }) => ({ id, title, expected, status: 'not run', evidence: [] }));
  }

  get busy(): boolean {
    return this.#busy;
  }

  listen(listener: ResultListener): void {
    this.#listeners.push(listener);
  }

  resetResults(): void {
    for (const result of this.results) this.#update(result, { status: 'not run', evidence: [], startedAt: undefined, endedAt: undefined, failure: undefined, cause: undefined });
  }

  async runAll(): Promise<void> {
    await this.#exclusive(async () => {
      this.log.action(`checklist: running all ${this.scenarios.length} scenarios`);
      for (const scenario of this.scenarios) await this.#runOne(scenario);
      const failed = this.results.filter((r) => r.status === 'failed').length;
      this.log.action(`checklist: ${this.scenarios.length - failed} passed, ${failed} failed`);
    });
  }

  async runOne(id: string): Promise<void> {
    const scenario = this.scenarios.find((s) => s.id === id);
    if (scenario) await this.#exclusive(() => this.#runOne(scenario));
  }

  async #exclusive(work: () => Promise<void>): Promise<void> {
    if (this.#busy) return;
    this.#busy = true;
    try {
      this.#lifetimeSec ??= (await adminApi.state()).tokenLifetimeSec;
      await work();
    } finally {
      this.#busy = false;
      for (const result of this.results) for (const listener of this.#listeners) listener(result);
    }
  }

  async #runOne(scenario: Scenario): Promise<void> {
    const result = this.results.find((r) => r.id === scenario.id)!;
    this.#update(result, { status: 'running', evidence: [], startedAt: realNow(), endedAt: undefined, failure: undefined, cause: undefined });
    let context: ScenarioContext | undefined;
    try {
      await this.#restore();
      await this.#pace();
      await this.deps.feed.poll();
      context = new ScenarioContext(this.deps, this.deps.feed.lastSeq);
      this.run.mark('scenario', `checklist: ${scenario.title}`);
      this.log.action(`checklist: ▶ ${scenario.title}`);
      await scenario.run(context);
      this.#update(result, { status: 'passed', evidence: context.evidenceLines, endedAt: realNow() });
      this.log.action(`checklist: ✓ ${scenario.title} passed`);
    } catch (error) {
      const failure = error instanceof Error && error.name === 'ScenarioFailure' ? error.message : errorText(error);
      const cause = context && (await this.#cause(context));
      this.#update(result, { status: 'failed', evidence: [...(context?.evidenceLines ?? []), `✗ ${failure}`], endedAt: realNow(), failure, cause });
      this.log.add({ kind: 'warning', text: `checklist: ✗ ${scenario.title} FAILED: ${failure}${cause ? ` (cause: ${cause})` : ''}` });
    } finally {
      await this.#restore().catch((error: unknown) => this.log.actionFailed(`checklist: restoring the stand-in failed: ${errorText(error)}`));
    }
  }

  /** The cause line of a failed scenario; a failure to read the stand-in's log leaves it out. */
  async #cause(context: ScenarioContext): Promise<string | undefined> {
    try {
      const requests = await context.requests();
      return causeOf({ events: context.events(), requests, nextLoadAfter: (at) => this.deps.demo.nextLoadAfter(at), now: realNow() });
    } catch {
      return undefined;
    }
  }

  /** No faults armed, engine up, no latency, the usual token lifetime, default toggles, true clock, no second frame, not ended. */
  async #restore(): Promise<void> {
    const state = await adminApi.state();
    if (state.tokenFaults.length > 0) await this.deps.actions.clearTokenFaults();
    if (!state.engineUp) await this.deps.actions.engineUp();
    if (state.latency.engineMs !== 0) await this.deps.actions.setLatency('engineMs', 0);
    if (state.latency.tokenMs !== 0) await this.deps.actions.setLatency('tokenMs', 0);
    if (this.#lifetimeSec !== undefined && state.tokenLifetimeSec !== this.#lifetimeSec) await this.deps.actions.setTokenLifetime(this.#lifetimeSec);
    const settings = this.deps.demo.settings;
    const viewerBroken = this.deps.demo.status.kind !== 'loaded' || this.deps.demo.session?.state === 'ended';
    const clockWrong = clockOffset() !== 0;
    if (clockWrong) setClockOffset(0);
    this.deps.sideFrame.close();
    if (!settings || settings.proactive !== true || settings.instant !== false || settings.sharing || viewerBroken || clockWrong) {
      await this.deps.reload({ proactive: true, instant: false });
    }
  }

  /** Waits while the last 30 s hold too many renewals, or a failure is younger than the cooldown. */
  async #pace(): Promise<void> {
    for (;;) {
      const now = realNow();
      const recent = this.deps.demo.timed.filter(({ at, event }) => event.type === 'renewing' && now - at < PACE_WINDOW_MS);
      const lastFailure = this.deps.demo.timed.findLast(({ event }) => event.type === 'error')?.at ?? 0;
      if (recent.length < PACE_MAX_RENEWALS && now - lastFailure > COOLDOWN_MS) return;
      await sleep(250);
    }
  }

  #update(result: ScenarioResult, change: Partial<ScenarioResult>): void {
    Object.assign(result, change);
    for (const key of Object.keys(result) as (keyof ScenarioResult)[]) if (result[key] === undefined) delete result[key];
    for (const listener of this.#listeners) listener(result);
  }
}
