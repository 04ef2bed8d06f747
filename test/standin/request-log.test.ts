import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type StandIn, startStandIn } from '../../demo/server/stand-in';
import { openSession, postAuth, rectangle, sync } from './engine-client';

describe('request log', () => {
  let standIn: StandIn;
  beforeEach(async () => { standIn = await startStandIn(); });
  afterEach(() => standIn.close());

  it('records every request on both servers with kind, status and a short session id', async () => {
    const { jwt } = await (await fetch(standIn.tokenUrl, { method: 'POST' })).json();
    const session = await openSession(standIn, jwt);
    await session.request('page-0-dimensions-50-50-tile-0-0-50-50', { imageToken: true });
    await sync(session, { record_rev: 0, changes: { created: [rectangle('r')] } });
    await fetch(`${standIn.controlUrl}/admin/state`);

    expect(standIn.log.entries().map(({ server, kind, status, session: s }) => [server, kind, status, s])).toEqual([
      ['control', 'token', 200, undefined],
      ['engine', 'auth', 200, 's1'],
      ['engine', 'tile', 200, 's1'],
      ['engine', 'sync', 200, 's1'],
      ['control', 'admin', 200, undefined],
    ]);
    expect(standIn.log.count({ server: 'engine', session: 's1' })).toBe(3);
    const { entries } = await (await fetch(`${standIn.controlUrl}/admin/log?since=3`)).json();
    expect(entries.map((e: { seq: number }) => e.seq)).toEqual([4, 5]);
  });

  it('never contains token text: not in memory, not in requests.jsonl, not on the console', async () => {
    const errors = vi.spyOn(console, 'error');
    const jwt = await standIn.mintToken();
    const session = await openSession(standIn, jwt);
    await fetch(`${session.url('document.json')}?token=${session.token}`);
    await session.request('page-0-dimensions-50-50-tile-0-0-50-50', { imageToken: true });
    standIn.faults.expireSessions();
    await session.request('document.json');
    await postAuth(standIn, jwt);

    const file = readFileSync(join(standIn.dataDir, 'requests.jsonl'), 'utf8');
    const memory = JSON.stringify(standIn.log.entries());
    expect(file.trim().split('\n')).toHaveLength(standIn.log.count());
    for (const secret of [jwt, session.token, session.imageToken]) {
      expect(file).not.toContain(secret);
      expect(memory).not.toContain(secret);
    }
    expect(standIn.log.entries({ path: /token=/ })).toEqual([]);
    expect(errors).not.toHaveBeenCalled();
    errors.mockRestore();
  });
});
