import { decodeJwt } from 'jose';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type StandIn, startStandIn, type TokenFault } from '../../demo/server/stand-in';
import { postAuth } from './engine-client';

describe('token endpoint and its faults', () => {
  let standIn: StandIn;
  beforeEach(async () => { standIn = await startStandIn({ tokenLifetimeSec: 120 }); });
  afterEach(() => standIn.close());

  const queue = (fault: TokenFault) =>
    fetch(`${standIn.controlUrl}/admin/token-faults`, { method: 'POST', body: JSON.stringify(fault) });

  it('mints { jwt, expiresAt } with the documented claims (GET and POST, optional layer)', async () => {
    const { jwt, expiresAt } = await (await fetch(`${standIn.tokenUrl}?layer=review`, { method: 'POST' })).json();
    const claims = decodeJwt(jwt);
    expect(claims).toMatchObject({ document_id: 'sample', permissions: ['read-document', 'write', 'download'], user_id: 'demo-user', layer: 'review' });
    expect(claims.exp! - claims.iat!).toBe(120);
    expect(expiresAt).toBe(claims.exp! * 1000);
    expect((await postAuth(standIn, jwt)).status).toBe(200);
    expect((await fetch(standIn.tokenUrl)).status).toBe(200);
  });

  it('signs for its own document when the request names it, and refuses a request that names another (400, nothing minted)', async () => {
    const own = await fetch(`${standIn.tokenUrl}?documentId=sample`);
    expect(decodeJwt(((await own.json()) as { jwt: string }).jwt).document_id).toBe('sample');
    const other = await fetch(`${standIn.tokenUrl}?documentId=doc_b`);
    expect(other.status).toBe(400);
    expect(await other.text()).not.toMatch(/eyJ/);
  });

  it.each([['500', 500], ['503', 503], ['429', 429], ['400', 400], ['401', 401], ['403', 403]] as const)(
    'mode %s answers that status (with Retry-After when asked)', async (mode, status) => {
      await queue({ mode, retryAfterSec: 3 });
      const response = await fetch(standIn.tokenUrl);
      expect([response.status, response.headers.get('retry-after')]).toEqual([status, '3']);
    },
  );

  it("mode html answers a 200 login page, malformed a non-JWT, empty an empty body", async () => {
    await queue({ mode: 'html' });
    await queue({ mode: 'malformed' });
    await queue({ mode: 'empty' });
    const html = await fetch(standIn.tokenUrl);
    expect([html.status, html.headers.get('content-type')]).toEqual([200, 'text/html; charset=utf-8']);
    expect(await (await fetch(standIn.tokenUrl)).json()).toMatchObject({ jwt: 'not-a-jwt' });
    const empty = await fetch(standIn.tokenUrl);
    expect([empty.status, await empty.text()]).toEqual([200, '']);
  });

  it('mode 302 redirects to a sign-in page on the same origin, which answers HTML', async () => {
    await queue({ mode: '302' });
    const redirect = await fetch(standIn.tokenUrl, { method: 'POST', redirect: 'manual' });
    const location = redirect.headers.get('location')!;
    expect([redirect.status, location]).toEqual([302, '/api/login?next=%2Fapi%2Ftoken']);
    const login = await fetch(new URL(location, standIn.tokenUrl));
    expect([login.status, login.headers.get('content-type')]).toEqual([200, 'text/html; charset=utf-8']);
    expect(await login.text()).toContain('<form');
    expect((await fetch(standIn.tokenUrl)).status).toBe(200); // one fault, then normal again
  });

  it('mode same-token serves the JWT served last, again; a fresh one after', async () => {
    const first = await (await fetch(standIn.tokenUrl)).json();
    await queue({ mode: 'same-token', count: 2 });
    const again = [await (await fetch(standIn.tokenUrl)).json(), await (await fetch(standIn.tokenUrl)).json()];
    const fresh = await (await fetch(standIn.tokenUrl)).json();
    expect(again).toEqual([first, first]);
    expect(fresh.jwt).not.toBe(first.jwt);
  });

  it('mode no-date answers a good token without a Date header (a normal answer has one)', async () => {
    await queue({ mode: 'no-date' });
    const bare = await fetch(standIn.tokenUrl);
    const normal = await fetch(standIn.tokenUrl);
    expect([bare.status, bare.headers.get('date')]).toEqual([200, null]);
    expect((await postAuth(standIn, (await bare.json()).jwt)).status).toBe(200);
    expect(normal.headers.get('date')).toMatch(/GMT$/);
  });

  it('mode other-document and expired answer signed JWTs the engine refuses', async () => {
    await queue({ mode: 'other-document' });
    await queue({ mode: 'expired' });
    const other = (await (await fetch(standIn.tokenUrl)).json()).jwt;
    const expired = (await (await fetch(standIn.tokenUrl)).json()).jwt;
    expect(decodeJwt(other).document_id).toBe('other-document');
    expect(decodeJwt(expired).exp! * 1000).toBeLessThan(Date.now());
    expect((await postAuth(standIn, other)).status).toBe(403);
    expect(await (await postAuth(standIn, expired)).text()).toBe('Token has expired');
  });

  it('consumes faults in order, count times, then answers normally; DELETE clears', async () => {
    await queue({ mode: '503', count: 2 });
    await queue({ mode: '500' });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await fetch(standIn.tokenUrl)).status);
    expect(statuses).toEqual([503, 503, 500, 200]);
    await queue({ mode: '500', count: 5 });
    await fetch(`${standIn.controlUrl}/admin/token-faults`, { method: 'DELETE' });
    expect((await fetch(standIn.tokenUrl)).status).toBe(200);
  });

  it('mode hang never answers until the client gives up', async () => {
    standIn.faults.queueTokenFault({ mode: 'hang' });
    const client = new AbortController();
    const pending = fetch(standIn.tokenUrl, { signal: client.signal });
    await vi.waitFor(() => expect(standIn.faults.state().tokenFaults).toEqual([]));
    client.abort();
    await expect(pending).rejects.toThrow();
    expect(await standIn.log.waitFor({ kind: 'token', status: 0 })).toMatchObject({ path: '/api/token' });
  });

  it('mode hang ends on close()', async () => {
    standIn.faults.queueTokenFault({ mode: 'hang' });
    const pending = fetch(standIn.tokenUrl).then(() => 'answered', () => 'closed');
    await vi.waitFor(() => expect(standIn.faults.state().tokenFaults).toEqual([]));
    await standIn.close();
    expect(await pending).toBe('closed');
  });

  it('applies token latency and config changes', async () => {
    standIn.faults.setLatency({ tokenMs: 150 });
    await fetch(`${standIn.controlUrl}/admin/config`, { method: 'POST', body: JSON.stringify({ tokenLifetimeSec: 30 }) });
    const started = Date.now();
    const { jwt } = await (await fetch(standIn.tokenUrl)).json();
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    const claims = decodeJwt(jwt);
    expect(claims.exp! - claims.iat!).toBe(30);
  });
});
