import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type StandIn, startStandIn } from '../../demo/server/stand-in';
import { openSession } from './engine-client';

/** A client that queues incoming frames so the test can await them in order. */
async function connect(url: string) {
  const socket = new WebSocket(url);
  const frames: string[] = [];
  const waiters: ((frame: string) => void)[] = [];
  socket.on('message', (data) => {
    const waiter = waiters.shift();
    if (waiter) waiter(data.toString());
    else frames.push(data.toString());
  });
  const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
  await new Promise((resolve, reject) => { socket.once('open', resolve); socket.once('error', reject); });
  const next = () => new Promise<string>((resolve) => (frames.length ? resolve(frames.shift()!) : waiters.push(resolve)));
  return { socket, next, closed };
}

describe('engine websocket', () => {
  let standIn: StandIn;
  let url: string;
  beforeEach(async () => {
    standIn = await startStandIn();
    url = `${standIn.engineUrl.replace('http', 'ws')}i/d/${standIn.documentId}/websocket`;
  });
  afterEach(() => standIn.close());

  it('runs the hello / hello_web / authenticated / enter_layer / ok handshake', async () => {
    const session = await openSession(standIn);
    const client = await connect(url);
    expect(await client.next()).toBe('hello:{"protocol_version":2}');
    client.socket.send(`hello_web:${JSON.stringify({ protocol_version: 2, auth_payload: { auth_token: session.token } })}`);
    expect(await client.next()).toMatch(/^authenticated:\{"client_id":"c1","user_id":"demo-user"\}$/);
    client.socket.send('1:enter_layer:{"presence":{}}');
    expect(await client.next()).toBe('1:ok:{"clients":[]}');
    expect(standIn.log.count({ kind: 'websocket', status: 101 })).toBe(1);
    client.socket.close();
  });

  it.each([['expired', 'expired_token'], ['revoked', 'revoked_token']] as const)(
    'answers a %s session token with an authentication_failed error frame', async (how, description) => {
      const session = await openSession(standIn);
      if (how === 'expired') standIn.faults.expireSessions();
      else standIn.faults.revokeSessions();
      const client = await connect(url);
      await client.next();
      client.socket.send(`hello_web:${JSON.stringify({ auth_payload: { auth_token: session.token } })}`);
      expect(JSON.parse((await client.next()).replace(/^error:/, ''))).toEqual({ reason: 'authentication_failed', description });
      expect(await client.closed).toBe(4001);
    },
  );

  it('drops every socket on /admin/websockets/drop', async () => {
    const client = await connect(url);
    const answer = await (await fetch(`${standIn.controlUrl}/admin/websockets/drop`, { method: 'POST' })).json();
    expect(answer).toEqual({ dropped: 1 });
    expect(await client.closed).toBe(1006);
  });

  it.each(['hello_web:null', 'hello_web:3', 'hello_web:{', 'no frame here'])('closes on a bad frame %j and keeps serving', async (frame) => {
    const client = await connect(url);
    await client.next(); // hello
    client.socket.send(frame);
    expect(await client.closed).toBe(1003);
    const next = await connect(url);
    expect(await next.next()).toMatch(/^hello:/);
    next.socket.close();
  });

  it('refuses other documents', async () => {
    const refused = new WebSocket(url.replace('/sample/', '/other/'));
    await expect(new Promise((resolve, reject) => { refused.once('open', resolve); refused.once('error', reject); })).rejects.toThrow(/404/);
  });
});
