import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type StandIn, startStandIn } from '../../demo/server/stand-in';
import { openSession, postAuth } from './engine-client';

describe('session tokens', () => {
  let standIn: StandIn;
  beforeEach(async () => { standIn = await startStandIn(); });
  afterEach(async () => {
    vi.useRealTimers();
    await standIn.close();
  });

  it('open document.json and tiles with the right token', async () => {
    const session = await openSession(standIn);
    expect((await session.request('document.json')).status).toBe(200);
    expect((await session.request('page-0-dimensions-100-100-tile-0-0-100-100', { imageToken: true })).status).toBe(200);
  });

  it('answer 401 without a token or with an unknown one', async () => {
    const session = await openSession(standIn);
    expect((await fetch(session.url('document.json'))).status).toBe(401);
    expect((await session.request('document.json', { headers: { 'X-PSPDFKit-Token': 'tok_unknown' } })).status).toBe(401);
  });

  it('accept the token as ?token= query too (QueryToken requests)', async () => {
    const session = await openSession(standIn);
    expect((await fetch(`${session.url('document.json')}?token=${session.token}`)).status).toBe(200);
  });

  it("end with the JWT's exp: 403 'Token has expired'", async () => {
    const session = await openSession(standIn, await standIn.mintToken({ exp: Math.floor(Date.now() / 1000) + 60 }));
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 61_000 });
    const response = await session.request('document.json');
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('Token has expired');
  });

  it("end on admin expire; the same JWT cannot reopen one (the SDK's soft refresh fails)", async () => {
    const jwt = await standIn.mintToken();
    const session = await openSession(standIn, jwt);
    standIn.faults.expireSessions();
    const response = await session.request('page-0-dimensions-100-100-tile-0-0-100-100', { imageToken: true });
    expect([response.status, await response.text()]).toEqual([403, 'Token has expired']);
    expect((await postAuth(standIn, jwt)).status).toBe(403);
    expect((await (await openSession(standIn)).request('document.json')).status).toBe(200);
  });

  it("end on admin revoke with 403 'Token has been revoked', for sessions and issued JWTs", async () => {
    const jwt = await standIn.mintToken();
    const session = await openSession(standIn, jwt);
    const response = await fetch(`${standIn.controlUrl}/admin/sessions/revoke`, { method: 'POST' });
    expect(response.status).toBe(200);
    const answer = await session.request('document.json');
    expect([answer.status, await answer.text()]).toEqual([403, 'Token has been revoked']);
    const reauth = await postAuth(standIn, jwt);
    expect([reauth.status, await reauth.text()]).toEqual([403, 'Token has been revoked']);
  });

  it("answer 409 'Outdated layer handle' for another layer's handle", async () => {
    const session = await openSession(standIn);
    const other = await openSession(standIn, await standIn.mintToken({ layer: 'review' }));
    const response = await fetch(other.url('sync'), { method: 'POST', headers: { 'X-PSPDFKit-Token': session.token }, body: '{}' });
    expect([response.status, await response.text()]).toEqual([409, 'Outdated layer handle']);
  });

  it('report their status by logged id: active, then expired at exp or on admin expire', async () => {
    const short = await openSession(standIn, await standIn.mintToken({ exp: Math.floor(Date.now() / 1000) + 60 }));
    await openSession(standIn);
    const [first, second] = standIn.log.entries({ kind: 'auth', status: 200 }).map((entry) => entry.session!);
    expect([standIn.faults.sessionStatus(first!), standIn.faults.sessionStatus(second!)]).toEqual(['active', 'active']);
    expect(standIn.faults.sessionStatus('s99')).toBeUndefined();
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 61_000 });
    expect([standIn.faults.sessionStatus(first!), standIn.faults.sessionStatus(second!)]).toEqual(['expired', 'active']);
    vi.useRealTimers();
    standIn.faults.revokeSessions();
    expect(standIn.faults.sessionStatus(second!)).toBe('revoked');
    expect(short.token).toBeTruthy();
  });

  it('are counted in /admin/state', async () => {
    await openSession(standIn);
    await openSession(standIn);
    standIn.faults.expireSessions();
    await openSession(standIn);
    expect(standIn.faults.state().sessions).toEqual({ total: 3, active: 1 });
  });
});
