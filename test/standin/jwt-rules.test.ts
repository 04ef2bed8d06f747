import { generateKeyPairSync } from 'node:crypto';
import { SignJWT, UnsecuredJWT } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type StandIn, startStandIn } from '../../demo/server/stand-in';
import { type AuthAnswer, postAuth } from './engine-client';

const now = () => Math.floor(Date.now() / 1000);
const claims = () => ({ document_id: 'sample', permissions: ['read-document', 'write'], iat: now(), exp: now() + 60 });

describe('POST DOC/auth verifies the JWT like Document Engine', () => {
  let standIn: StandIn;
  beforeEach(async () => { standIn = await startStandIn(); });
  afterEach(async () => { await standIn.close(); });

  async function expectRejected(jwt: unknown, status: number, body: string) {
    const response = await postAuth(standIn, jwt);
    expect(response.status).toBe(status);
    expect(await response.text()).toContain(body);
  }

  it.each(['ES256', 'RS256'] as const)('accepts %s tokens signed by its key and answers what the viewer needs', async (alg) => {
    const response = await postAuth(standIn, await standIn.mintToken({}, { alg }));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      token: expect.any(String), imageToken: expect.any(String), layerHandle: expect.any(String),
      permissions: ['read-document', 'write', 'download'],
      features: expect.arrayContaining(['user_interface', 'instant']),
      documentEngineVersion: '1.18.0', digitalSignatures: { status: 'not_signed' },
    });
  });

  it('gives the same layer handle on re-authentication, another one for another layer', async () => {
    const handle = async (layer?: string) =>
      ((await (await postAuth(standIn, await standIn.mintToken(layer ? { layer } : {}))).json()) as AuthAnswer).layerHandle;
    const first = await handle();
    expect(await handle()).toBe(first);
    expect(await handle('review')).not.toBe(first);
    expect(await handle('review')).toBe(await handle('review'));
  });

  it('rejects alg none', () => expectRejected(new UnsecuredJWT(claims()).encode(), 403, 'Invalid token'));

  it('rejects HS256 (symmetric) tokens', async () => {
    const jwt = await new SignJWT(claims()).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode('x'.repeat(32)));
    await expectRejected(jwt, 403, 'Invalid token');
  });

  it('rejects a token signed by another key', async () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwt = await new SignJWT(claims()).setProtectedHeader({ alg: 'ES256' }).sign(privateKey);
    await expectRejected(jwt, 403, 'Invalid token');
  });

  it('rejects a tampered payload', async () => {
    const [header, , signature] = (await standIn.mintToken()).split('.');
    const payload = Buffer.from(JSON.stringify({ ...claims(), permissions: ['read-document', 'write', 'admin'] })).toString('base64url');
    await expectRejected(`${header}.${payload}.${signature}`, 403, 'Invalid token');
  });

  it("answers an expired token with 403 'Token has expired'", () =>
    standIn.mintToken({ iat: now() - 120, exp: now() - 60 }).then((jwt) => expectRejected(jwt, 403, 'Token has expired')));

  it('rejects a token for another document', async () =>
    expectRejected(await standIn.mintToken({ document_id: 'other' }), 403, 'Invalid token'));

  it('rejects a token without read-document permission', async () =>
    expectRejected(await standIn.mintToken({ permissions: ['write'] }), 403, 'Invalid token'));

  it.each([['a missing jwt', undefined], ['an empty jwt', ''], ['garbage', 'not.a.jwt'], ['a number', 42]])(
    'rejects %s', (_name, jwt) => expectRejected(jwt, 403, 'Invalid token'),
  );

  it('keeps rejecting JWTs issued before an admin expire, accepts new ones', async () => {
    const old = await standIn.mintToken();
    standIn.faults.expireSessions();
    await expectRejected(old, 403, 'Token has expired');
    expect((await postAuth(standIn, await standIn.mintToken())).status).toBe(200);
  });
});
