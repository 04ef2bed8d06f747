// The engine's 401/403 answers, told apart: expected ones (QA expired or revoked the sessions, or
// the token ran out with proactive renewal off) and unexpected ones, which are what QA looks for.
// A refusal after QA's fault stays expected only if the viewer recovered: a new engine session
// (/auth 200) before any reload, within RECOVERY_WAIT_MS; otherwise it is revised to unexpected.
import type { RequestEntry } from './admin-api';
import type { DemoSession } from './demo-session';
import type { LogLine } from './event-line';
import { clockTime, plural } from './format';
import type { QaRun } from './qa-run';

export const isRefusal = (entry: RequestEntry) => entry.server === 'engine' && (entry.status === 401 || entry.status === 403);

export interface Verdict {
  expected: boolean;
  why: string;
}

/** The SDK's onAuthFailed has 30 s for setSession; the library renews in well under this. */
export const RECOVERY_WAIT_MS = 20_000;

export interface Judged { entry: RequestEntry; verdict: Verdict }

interface Pending extends Judged { faultAt: number; faultKind: string }

export class RefusalJudge {
  /** Engine sessions seen opening (/auth 200), with when. */
  readonly #openedAt = new Map<string, number>();
  #lastAuthOkAt = 0;
  /** Expected-by-fault refusals whose recovery has not been seen yet. */
  #pending: Pending[] = [];

  constructor(private readonly run: QaRun, private readonly demo: DemoSession) {}

  /** Feeds entries in order; returns the verdict for each refusal among them. */
  judge(entries: RequestEntry[]): Judged[] {
    const verdicts: Judged[] = [];
    for (const entry of entries) {
      if (entry.server === 'engine' && entry.kind === 'auth' && entry.method === 'POST' && entry.status === 200) {
        if (entry.session) this.#openedAt.set(entry.session, entry.time);
        this.#lastAuthOkAt = entry.time;
        // Recovered: a new engine session after the fault, with no reload in between.
        this.#pending = this.#pending.filter((p) => !(entry.time > p.faultAt && entry.time < this.demo.nextLoadAfter(p.faultAt)));
      }
      if (isRefusal(entry)) verdicts.push(this.#judgeOne(entry));
    }
    return verdicts;
  }

  /**
   * Refusals explained by QA's fault but not followed by a recovery within RECOVERY_WAIT_MS (the
   * log read up to `knownUntil`) or before a reload: now unexpected. Each is returned once.
   */
  overdue(knownUntil: number): Judged[] {
    const late = this.#pending.filter((p) => knownUntil - p.entry.time > RECOVERY_WAIT_MS || this.demo.nextLoadAfter(p.faultAt) < knownUntil);
    this.#pending = this.#pending.filter((p) => !late.includes(p));
    return late.map(({ entry, faultAt, faultKind }) => ({
      entry,
      verdict: { expected: false, why: `QA ${faultKind} the sessions at ${clockTime(faultAt)}, but the viewer never recovered (no new engine session within ${RECOVERY_WAIT_MS / 1000} s, without a reload)` },
    }));
  }

  reset(): void {
    this.#openedAt.clear();
    this.#lastAuthOkAt = 0;
    this.#pending = [];
  }

  #judgeOne(entry: RequestEntry): Judged {
    const verdict = this.#verdict(entry);
    const fault = this.run.lastMark(['expire', 'revoke'], entry.time);
    const recovered = fault !== undefined && this.#lastAuthOkAt > fault.at && this.#lastAuthOkAt < this.demo.nextLoadAfter(fault.at);
    if (verdict.expected && fault && !recovered && verdict.why.startsWith('QA ')) {
      this.#pending.push({ entry, verdict, faultAt: fault.at, faultKind: fault.kind === 'expire' ? 'expired' : 'revoked' });
    }
    return { entry, verdict };
  }

  #verdict(entry: RequestEntry): Verdict {
    const fault = this.run.lastMark(['expire', 'revoke'], entry.time);
    if (fault) {
      const opened = entry.session ? this.#openedAt.get(entry.session) : undefined;
      const oldSession = entry.session !== undefined && (opened === undefined || opened <= fault.at);
      const oldAuth = entry.kind === 'auth' && this.#lastAuthOkAt <= fault.at;
      if (oldSession || oldAuth) return { expected: true, why: `QA ${fault.kind === 'expire' ? 'expired' : 'revoked'} the sessions at ${clockTime(fault.at)}` };
    }
    if (this.demo.settings?.proactive === false && entry.detail === 'Token has expired') {
      return { expected: true, why: 'proactive renewal is off: the token ran out, the viewer asks for a new one' };
    }
    return { expected: false, why: 'no fault explains it' };
  }
}

/** One log line per group of refusals (a burst of tiles is one line, not nine). */
export function refusalLines(verdicts: Judged[]): LogLine[] {
  const groups = new Map<string, { entries: RequestEntry[]; verdict: Verdict }>();
  for (const { entry, verdict } of verdicts) {
    const key = `${verdict.expected}|${verdict.why}|${entry.status}|${entry.detail ?? ''}`;
    const group = groups.get(key) ?? { entries: [], verdict };
    group.entries.push(entry);
    groups.set(key, group);
  }
  return [...groups.values()].map(({ entries, verdict }) => {
    const first = entries[0]!;
    const kinds = [...new Set(entries.map((entry) => entry.kind))].join('/');
    const sessions = [...new Set(entries.map((entry) => entry.session ?? 'no session'))].join(', ');
    const what = `engine refused ${plural(entries.length, 'request')} (${kinds}; ${sessions}): ${first.status} ${first.detail ?? ''}`.trim();
    return verdict.expected
      ? { kind: 'expected', text: `${what} (expected: ${verdict.why})` }
      : { kind: 'warning', text: `${what} (UNEXPECTED: ${verdict.why})` };
  });
}
