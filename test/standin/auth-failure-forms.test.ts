import { afterEach, describe, expect, it } from 'vitest';
import { AUTH_FAILURE_FORMS, type AuthFailureForm } from '../../demo/server/auth-failure-forms';
import { type StandIn, startStandIn } from '../../demo/server/stand-in';
import { type OpenSession, openSession, postAuth } from './engine-client';

const TILE = 'page-0-dimensions-100-100-tile-0-0-100-100';

/** What the engine answers: status, exact Content-Type, body. */
async function answer(response: Response) {
  return { status: response.status, type: response.headers.get('content-type'), body: await response.text() };
}

const EXPECTED: Record<Exclude<AuthFailureForm, 'natural'>, { status: number; type: string; body: string }> = {
  '401-json': { status: 401, type: 'application/json', body: '{"reason":"expired_token"}' },
  '401-text': { status: 401, type: 'text/plain; charset=utf-8', body: 'Unauthorized' },
  '403-expired': { status: 403, type: 'text/plain; charset=utf-8', body: 'Token has expired' },
  '403-invalid': { status: 403, type: 'text/plain; charset=utf-8', body: 'Invalid token' },
  '403-revoked': { status: 403, type: 'text/plain; charset=utf-8', body: 'Token has been revoked' },
};

describe('auth failure forms', () => {
  let standIn: StandIn;
  afterEach(() => standIn?.close());

  const setForm = (form: unknown) =>
    fetch(`${standIn.controlUrl}/admin/auth-failure-form`, { method: 'POST', body: JSON.stringify({ form }) });

  /** Expired tile, sync and soft-refresh /auth answers, plus a missing session and a bad JWT. */
  async function failures(session: OpenSession, jwt: string) {
    return Promise.all([
      session.request(TILE, { imageToken: true }).then(answer),
      session.request('sync', { method: 'POST', body: '{"record_rev":0}' }).then(answer),
      postAuth(standIn, jwt).then(answer),
      fetch(session.url('document.json')).then(answer),
      postAuth(standIn, 'not-a-jwt').then(answer),
    ]);
  }

  it("natural (the default) says what happened, in text: expired, missing, invalid", async () => {
    standIn = await startStandIn();
    const jwt = await standIn.mintToken();
    const session = await openSession(standIn, jwt);
    standIn.faults.expireSessions();
    const [tile, sync, auth, missing, invalid] = await failures(session, jwt);
    const text = 'text/plain; charset=utf-8';
    expect(tile).toEqual({ status: 403, type: text, body: 'Token has expired' });
    expect(sync).toEqual(tile);
    expect(auth).toEqual(tile);
    expect(missing).toEqual({ status: 401, type: text, body: 'Missing or unknown session token' });
    expect(invalid).toEqual({ status: 403, type: text, body: 'Invalid token (format)' });
    expect(standIn.faults.state().authFailureForm).toBe('natural');
  });

  it.each(Object.entries(EXPECTED))('%s at start: every auth failure answers in that form', async (form, expected) => {
    standIn = await startStandIn({ authFailureForm: form as AuthFailureForm });
    const jwt = await standIn.mintToken();
    const session = await openSession(standIn, jwt);
    expect((await session.request(TILE, { imageToken: true })).status).toBe(200); // healthy sessions are untouched
    standIn.faults.revokeSessions();
    expect(await failures(session, jwt)).toEqual([expected, expected, expected, expected, expected]);
    expect(standIn.log.count({ server: 'engine', status: expected.status })).toBe(5);
  });

  it('switches at run time through the admin API, and back to natural', async () => {
    standIn = await startStandIn();
    const jwt = await standIn.mintToken();
    const session = await openSession(standIn, jwt);
    standIn.faults.expireSessions();
    const seen = [];
    for (const form of [...AUTH_FAILURE_FORMS.filter((f) => f !== 'natural'), 'natural']) {
      const state = await (await setForm(form)).json();
      expect(state.authFailureForm).toBe(form);
      seen.push(await answer(await session.request(TILE, { imageToken: true })));
    }
    expect(seen).toEqual([...Object.values(EXPECTED), EXPECTED['403-expired']]);
  });

  it('leaves other errors alone (404, 409, 400) whatever the form', async () => {
    standIn = await startStandIn({ authFailureForm: '401-json' });
    const session = await openSession(standIn);
    const missingPage = await session.request('page-99-dimensions-100-100-tile-0-0-100-100', { imageToken: true });
    const badSync = await session.request('sync', { method: 'POST', body: '{"record_rev":99}' });
    expect([missingPage.status, badSync.status]).toEqual([404, 400]);
    expect(await badSync.text()).toBe('Unknown record_rev');
  });

  it('refuses an unknown form with a 400 naming the choices, at run time and at start', async () => {
    standIn = await startStandIn();
    const response = await setForm('418');
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('401-json, 401-text, 403-expired');
    expect(standIn.faults.state().authFailureForm).toBe('natural');
    await expect(startStandIn({ authFailureForm: 'teapot' as AuthFailureForm })).rejects.toThrow(/form must be one of/);
  });
});
