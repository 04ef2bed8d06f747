// Which of QA's own faults explains something red at a given moment: a queued token-endpoint
// fault, expired or revoked sessions, or the engine taken down. The session log, the status panel
// and the page-error watch mark what it explains as expected, so a clean run shows no red that
// the page does not explain.
import type { SessionEvent } from '../../src/index';
import type { RequestEntry } from './admin-api';
import type { Verdict } from './engine-refusals';
import { clockTime } from './format';
import type { QaRun } from './qa-run';

/** A queued fault is answered within a renewal's budget (25 s) plus the checklist's pacing. */
const FAULT_WINDOW_MS = 30_000;
/** Requests that were in flight when the engine came back up still fail for a moment. */
const ENGINE_UP_GRACE_MS = 3_000;

/**
 * Why `at` is expected to show failures, or undefined when none of QA's faults explains it.
 * `accepts` narrows a queued token fault to the ones that explain this failure (a retry is no
 * answer to a 401, so a 401 does not explain one).
 */
export function faultExplanation(run: QaRun, at: number, accepts: (faultLabel: string) => boolean = () => true): string | undefined {
  const engine = run.lastMark(['engine-down', 'engine-up'], at);
  if (engine?.kind === 'engine-down') return `QA took the engine down at ${clockTime(engine.at)}`;
  if (engine && at - engine.at < ENGINE_UP_GRACE_MS) return `the engine was down until ${clockTime(engine.at)}`;
  const dropped = run.lastMark(['websockets'], at);
  if (dropped && at - dropped.at < ENGINE_UP_GRACE_MS) return `QA dropped the websockets at ${clockTime(dropped.at)}`;
  const fault = run.lastMark(['token-fault', 'expire', 'revoke'], at);
  if (!fault || at - fault.at > FAULT_WINDOW_MS || fault.label.startsWith('cleared')) return undefined;
  if (fault.kind === 'token-fault') return accepts(fault.label) ? `QA ${fault.label}` : undefined;
  return `QA ${fault.kind === 'expire' ? 'expired' : 'revoked'} the sessions at ${clockTime(fault.at)}`;
}

/** Which queued token faults explain a library event of `type`: a retry follows 5xx, 429 and a hang; an end follows a 401. */
export function faultsExplaining(type: string): (faultLabel: string) => boolean {
  if (type === 'retrying') return (label) => !/401|HTML|malformed/.test(label);
  if (type === 'ended') return (label) => /401/.test(label);
  return () => true;
}

/**
 * Why the library's retry, error or end at `at` is expected, or undefined. A token that does not
 * outlive the one in use (TokenNotExtendedError) is expected once QA made new tokens shorter.
 */
export function explainEvent(run: QaRun, event: SessionEvent, at: number): string | undefined {
  if (event.type !== 'error' && event.type !== 'retrying' && event.type !== 'ended') return undefined;
  if (event.type === 'error' && event.error.code === 'token-not-extended') {
    const config = run.lastMark(['config'], at);
    return config ? `QA set "${config.label}" at ${clockTime(config.at)}: shorter than the token in use` : undefined;
  }
  return faultExplanation(run, at, faultsExplaining(event.type));
}

/**
 * A failed request other than the engine's 401/403 (RefusalJudge has those): the token endpoint's
 * faults, a sync cut by a websocket drop. QA's fault explains it, or nothing does.
 */
export function failureVerdict(run: QaRun, entry: RequestEntry): Verdict | undefined {
  const refusal = entry.server === 'engine' && (entry.status === 401 || entry.status === 403);
  if (refusal || (entry.status > 0 && entry.status < 400)) return undefined;
  const why = faultExplanation(run, entry.time);
  return { expected: why !== undefined, why: why ?? 'no fault QA made explains it' };
}
