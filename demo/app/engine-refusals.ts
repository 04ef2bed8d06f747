// The engine's 401/403 answers, told apart: expected ones (QA expired or revoked the sessions, or
// the token ran out with proactive renewal off) and unexpected ones, which are what QA looks for.
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

export class RefusalJudge {
  /** Engine sessions seen opening (/auth 200), with when. */
  readonly #openedAt = new Map<string, number>();
  #lastAuthOkAt = 0;

  constructor(private readonly run: QaRun, private readonly demo: DemoSession) {}

  /** Feeds entries in order; returns the verdict for each refusal among them. */
  judge(entries: RequestEntry[]): { entry: RequestEntry; verdict: Verdict }[] {
    const verdicts: { entry: RequestEntry; verdict: Verdict }[] = [];
    for (const entry of entries) {
      if (entry.server === 'engine' && entry.kind === 'auth' && entry.method === 'POST' && entry.status === 200) {
        if (entry.session) this.#openedAt.set(entry.session, entry.time);
        this.#lastAuthOkAt = entry.time;
      }
      if (isRefusal(entry)) verdicts.push({ entry, verdict: this.#verdict(entry) });
    }
    return verdicts;
  }

  reset(): void {
    this.#openedAt.clear();
    this.#lastAuthOkAt = 0;
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
export function refusalLines(verdicts: { entry: RequestEntry; verdict: Verdict }[]): LogLine[] {
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
