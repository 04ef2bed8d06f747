// The engine's view of the viewer's sessions (GET /admin/session-report): what the QA page shows
// next to the library's view, so "handed over a token but the engine refused it" is visible.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SessionReport } from '../../demo/server/session-report';
import { type StandIn, startStandIn } from '../../demo/server/stand-in';
import { openSession, postAuth, rectangle, sync } from './engine-client';

const TILE = 'page-0-dimensions-50-50-tile-0-0-50-50';

async function report(standIn: StandIn, since = 0): Promise<SessionReport> {
  return (await fetch(`${standIn.controlUrl}/admin/session-report?since=${since}`)).json() as Promise<SessionReport>;
}

describe('session report', () => {
  let standIn: StandIn;
  beforeEach(async () => { standIn = await startStandIn(); });
  afterEach(() => standIn.close());

  it('reports the last /auth, each engine session with its syncs, and the auth failures with their reason', async () => {
    const first = await openSession(standIn);
    await first.request(TILE, { imageToken: true });
    await sync(first, { record_rev: 0, changes: { created: [rectangle('r1')] } });
    standIn.faults.expireSessions();
    expect((await first.request(TILE, { imageToken: true })).status).toBe(403);
    const second = await openSession(standIn);
    await sync(second, { record_rev: 1 });

    const { lastAuth, auth, authFailures, sessions } = await report(standIn);
    expect(lastAuth).toMatchObject({ status: 200, kind: 'auth', session: 's2' });
    expect(auth).toEqual({ ok: 2, refused: 0 });
    expect(authFailures.total).toBe(1);
    expect(authFailures.last).toMatchObject({ status: 403, kind: 'tile', session: 's1', detail: 'Token has expired' });
    expect(sessions.map(({ id, requests, refused, sync: s }) => [id, requests, refused, s.ok, s.failed])).toEqual([
      ['s2', 1, 0, 1, 0],
      ['s1', 3, 1, 1, 0],
    ]);
    expect(sessions[1]!.openedAt).toBeTypeOf('number');
  });

  it('counts a refused /auth (revoked token) and reads on from `since`', async () => {
    const jwt = await standIn.mintToken();
    await openSession(standIn, jwt);
    const since = standIn.log.lastSeq;
    standIn.faults.revokeSessions();
    expect((await postAuth(standIn, jwt)).status).toBe(403);

    const after = await report(standIn, since);
    expect(after.auth).toEqual({ ok: 0, refused: 1 });
    expect(after.lastAuth).toMatchObject({ status: 403, detail: 'Token has been revoked' });
    expect(after.sessions).toEqual([]);
    expect(after.lastSeq).toBeGreaterThan(since);
    expect(JSON.stringify(after)).not.toContain(jwt);
  });
});
