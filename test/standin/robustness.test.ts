import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { RequestLog } from '../../demo/server/request-log';
import { wrapHandler } from '../../demo/server/request-wrapper';
import { type StandIn, startStandIn } from '../../demo/server/stand-in';
import { authUrl, openSession } from './engine-client';

describe('bad input never crashes the stand-in', () => {
  let standIn: StandIn;
  beforeAll(async () => { standIn = await startStandIn(); });
  afterAll(() => standIn.close());

  const post = (url: string, body: BodyInit, headers: Record<string, string> = {}) => fetch(url, { method: 'POST', body, headers });

  it('answers malformed JSON with 400 on auth, sync and the admin API', async () => {
    const session = await openSession(standIn);
    const answers = await Promise.all([
      post(authUrl(standIn), '{"jwt":'),
      post(session.url('sync'), '{nope', { 'X-PSPDFKit-Token': session.token }),
      post(`${standIn.controlUrl}/admin/token-faults`, '[}'),
    ]);
    expect(answers.map((r) => r.status)).toEqual([400, 400, 400]);
    expect(await answers[0]!.text()).toBe('Malformed JSON');
  });

  it('answers unknown paths and documents with 404 on both servers', async () => {
    const urls = [`${standIn.engineUrl}nope`, `${standIn.engineUrl}i/d/other/auth`, `${standIn.engineUrl}i/d/%E0%A4%A/auth`,
      `${standIn.engineUrl}i/d/sample/h/x/unknown-endpoint`, `${standIn.controlUrl}/nope`, `${standIn.controlUrl}/admin/nope`];
    const statuses = await Promise.all(urls.map(async (url) => (await fetch(url)).status));
    expect(statuses).toEqual([404, 404, 404, 404, 404, 404]);
  });

  it('answers wrong methods with 405', async () => {
    expect((await fetch(authUrl(standIn))).status).toBe(405);
    expect((await fetch(`${standIn.controlUrl}/admin/state`, { method: 'POST' })).status).toBe(405);
    expect((await fetch(standIn.tokenUrl, { method: 'DELETE' })).status).toBe(405);
  });

  it('answers bodies over 5 MB with 413, and keeps serving', async () => {
    const big = new Uint8Array(6 * 1024 * 1024).fill(0x78); // 6 MB of 'x'
    const response = await post(authUrl(standIn), big, { 'content-type': 'application/json' });
    expect([response.status, await response.text()]).toEqual([413, 'Request body larger than 5242880 bytes']);
    expect((await fetch(`${standIn.controlUrl}/admin/state`)).status).toBe(200);
  });

  it('answers invalid admin values with 400', async () => {
    const bad = [['/admin/token-faults', { mode: 'explode' }], ['/admin/token-faults', { mode: '500', count: 0 }],
      ['/admin/latency', { engineMs: -1 }], ['/admin/config', { tokenLifetimeSec: 'long' }]] as const;
    const statuses = await Promise.all(bad.map(async ([path, body]) => (await post(`${standIn.controlUrl}${path}`, JSON.stringify(body))).status));
    expect(statuses).toEqual([400, 400, 400, 400]);
  });

  it('echoes allowed origins with credentials and answers preflights', async () => {
    const session = await openSession(standIn);
    const preflight = await fetch(session.url('document.json'), {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'GET', 'access-control-request-headers': 'x-pspdfkit-token' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(preflight.headers.get('access-control-allow-credentials')).toBe('true');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('x-pspdfkit-image-token');
    const foreign = await fetch(standIn.tokenUrl, { headers: { origin: 'https://evil.example' } });
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('lets a page on another origin read the token answer\'s Date and Retry-After (README, "Your token endpoint")', async () => {
    const answer = await fetch(standIn.tokenUrl, { method: 'POST', headers: { origin: 'http://localhost:5173' } });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(answer.headers.get('date')).not.toBeNull();
    const exposed = (answer.headers.get('access-control-expose-headers') ?? '').split(',').map((name) => name.trim().toLowerCase());
    expect(exposed).toEqual(expect.arrayContaining(['date', 'retry-after']));
  });

  it('turns an exception in a handler into a 500 and logs it', async () => {
    const log = new RequestLog();
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
    const server = createServer(wrapHandler('engine', log, () => 'other', async () => { throw new TypeError('boom'); }));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/x?token=secret`);
    expect([response.status, await response.text()]).toEqual([500, 'Internal server error']);
    await new Promise((resolve) => server.close(resolve));
    expect(spy).toHaveBeenCalledWith(expect.stringContaining('TypeError: boom'));
    expect(log.entries()).toMatchObject([{ status: 500, path: '/x' }]);
    spy.mockRestore();
  });
});
