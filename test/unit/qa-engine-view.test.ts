// The QA page's engine-side verdicts (demo/app/handover.ts, engine-refusals.ts): a reload's /auth
// is never credited to an earlier renewal, and a refusal after QA's revoke stays "expected" only
// if the viewer recovered (a new engine session without a reload) within RECOVERY_WAIT_MS.
import { describe, expect, it } from 'vitest';
import type { RequestEntry } from '../../demo/app/admin-api';
import type { DemoSession } from '../../demo/app/demo-session';
import { RECOVERY_WAIT_MS, RefusalJudge } from '../../demo/app/engine-refusals';
import { handoverOf } from '../../demo/app/handover';
import { QaRun } from '../../demo/app/qa-run';

const T = 1_700_000_000_000;
let seq = 0;
const entry = (at: number, fields: Partial<RequestEntry>): RequestEntry =>
  ({ seq: ++seq, time: T + at, server: 'engine', method: 'GET', path: '/x', status: 200, kind: 'tile', ms: 1, ...fields }) as RequestEntry;
const auth = (at: number, status: number, session?: string) => entry(at, { kind: 'auth', method: 'POST', status, ...(session && { session }) });

describe('handoverOf', () => {
  it('confirms a renewal by its own /auth, never by a later reload\'s', () => {
    expect(handoverOf(T, [auth(30, 200, 's2')], T + 6_000).status).toBe('confirmed');
    // setSession never called; the viewer reloaded at +3 s and its load's /auth came at +3.2 s.
    const reloaded = handoverOf(T, [auth(3_200, 200, 's3')], T + 6_000, T + 3_000);
    expect(reloaded.status).toBe('unconfirmed');
  });
});

describe('RefusalJudge', () => {
  function judgeWith(loads: number[] = []) {
    const run = new QaRun();
    run.reset(0);
    const demo = { settings: { proactive: true }, nextLoadAfter: (at: number) => loads.find((l) => l > at) ?? Infinity } as unknown as DemoSession;
    return { run, judge: new RefusalJudge(run, demo) };
  }

  it('keeps refusals after a revoke expected when the viewer recovers', () => {
    const { run, judge } = judgeWith();
    judge.judge([auth(0, 200, 's1')]);
    run.mark('revoke', 'revoked', T + 1_000);
    const [refusal] = judge.judge([entry(1_100, { status: 403, detail: 'Token has been revoked', session: 's1' })]);
    expect(refusal!.verdict.expected).toBe(true);
    judge.judge([auth(1_300, 200, 's2')]);
    expect(judge.overdue(T + 1_100 + RECOVERY_WAIT_MS + 1)).toEqual([]);
  });

  it('turns them unexpected when the viewer never recovers, or only by a reload', () => {
    const { run, judge } = judgeWith();
    judge.judge([auth(0, 200, 's1')]);
    run.mark('revoke', 'revoked', T + 1_000);
    judge.judge([entry(1_100, { status: 403, detail: 'Token has been revoked', session: 's1' })]);
    expect(judge.overdue(T + 1_100 + RECOVERY_WAIT_MS - 1)).toEqual([]);
    const [late] = judge.overdue(T + 1_100 + RECOVERY_WAIT_MS + 1);
    expect(late!.verdict).toMatchObject({ expected: false, why: expect.stringMatching(/never recovered/) });

    const reload = judgeWith([T + 5_000]);
    reload.judge.judge([auth(0, 200, 's1')]);
    reload.run.mark('revoke', 'revoked', T + 1_000);
    reload.judge.judge([entry(1_100, { status: 403, detail: 'Token has been revoked', session: 's1' }), auth(5_500, 200, 's9')]);
    expect(reload.judge.overdue(T + 6_000)).toHaveLength(1);
  });
});
