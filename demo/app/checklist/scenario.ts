// A checklist scenario: what QA does, what a person should see (`expected`), and the code that
// does it and checks the expectation against the library's events and the stand-in's log.
import type { ScenarioContext } from './context';

export interface Scenario {
  id: string;
  title: string;
  /** The expected result, written for a person. */
  expected: string;
  run(t: ScenarioContext): Promise<void>;
}

export type ScenarioStatus = 'not run' | 'running' | 'passed' | 'failed';

export interface ScenarioResult {
  id: string;
  title: string;
  expected: string;
  status: ScenarioStatus;
  /** What was checked, as it was seen: times, counts, statuses. Never token text. */
  evidence: string[];
  startedAt?: number;
  endedAt?: number;
  failure?: string;
  /** Why it failed, in one line, from the library's events and the stand-in's log (checklist/cause.ts). */
  cause?: string;
}

/** A check that did not hold: its message is the evidence of the failure. */
export class ScenarioFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ScenarioFailure';
  }
}
