// One QA run: everything since the page opened or since "Reset". The timeline, the engine's view,
// the request log and the report all cover the run; "Reset" starts a new one.
import { realNow } from './page-clock';


/** Something QA (or the checklist) did to the stand-in or the viewer: a mark on the timeline. */
export interface QaMark {
  at: number;
  /** 'expire' | 'revoke' | 'engine-down' | 'engine-up' | 'latency' | 'token-fault' | 'websockets' | 'viewer' | 'config' */
  kind: string;
  label: string;
}

export type RunListener = () => void;

export class QaRun {
  startedAt = realNow();
  /** The stand-in's request-log position when the run started: entries after it belong to the run. */
  startSeq = 0;
  readonly marks: QaMark[] = [];
  #listeners: RunListener[] = [];

  mark(kind: string, label: string, at = realNow()): void {
    this.marks.push({ at, kind, label });
  }

  /** The last mark of one of `kinds` at or before `at`. */
  lastMark(kinds: string[], at = realNow()): QaMark | undefined {
    return this.marks.findLast((mark) => kinds.includes(mark.kind) && mark.at <= at);
  }

  onReset(listener: RunListener): void {
    this.#listeners.push(listener);
  }

  reset(startSeq: number): void {
    this.startedAt = realNow();
    this.startSeq = startSeq;
    this.marks.length = 0;
    for (const listener of this.#listeners) listener();
  }
}
