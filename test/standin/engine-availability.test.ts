import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type StandIn, startStandIn } from '../../demo/server/stand-in';
import { openSession } from './engine-client';

describe('engine down / up and latency', () => {
  let standIn: StandIn;
  beforeEach(async () => { standIn = await startStandIn(); });
  afterEach(() => standIn.close());

  it('refuses connections while down, keeps the control server up, and comes back on the same port', async () => {
    const session = await openSession(standIn);
    const down = await fetch(`${standIn.controlUrl}/admin/engine/down`, { method: 'POST' });
    expect(await down.json()).toMatchObject({ engineUp: false });

    const refused = await fetch(session.url('document.json'), { headers: { 'X-PSPDFKit-Token': session.token } }).catch((e: Error) => e);
    expect(refused).toBeInstanceOf(TypeError);
    expect(((refused as TypeError).cause as NodeJS.ErrnoException).code).toBe('ECONNREFUSED');
    expect((await fetch(standIn.tokenUrl)).status).toBe(200);

    await fetch(`${standIn.controlUrl}/admin/engine/up`, { method: 'POST' });
    expect(standIn.faults.state().engineUp).toBe(true);
    // Same URL as before; the session outlived the outage (its JWT is still valid).
    expect((await session.request('document.json')).status).toBe(200);
  });

  it('ends long polls when the engine goes down', async () => {
    const session = await openSession(standIn);
    const poll = session.request('sync', { method: 'POST', body: JSON.stringify({ record_rev: 0, timeout: 30_000 }) })
      .then((r) => r.status, () => 'reset');
    await expect.poll(() => standIn.faults.state().longPolls).toBe(1);
    await standIn.faults.engineDown();
    expect([200, 'reset']).toContain(await poll);
    expect(standIn.faults.state().longPolls).toBe(0);
  });

  it('delays engine answers by engineMs', async () => {
    const session = await openSession(standIn);
    standIn.faults.setLatency({ engineMs: 120 });
    const started = Date.now();
    expect((await session.request('document.json')).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(110);
  });
});
