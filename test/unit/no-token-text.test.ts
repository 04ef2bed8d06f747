// No token text in any event, error message, cause or field, on every path that could carry one.
// The scan walks everything an app could log (own properties, messages, causes, nested objects).
import { HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import type { SessionEvent } from '../../src/session/events.js';
import type { RefreshSource } from '../../src/tokens/refresh-source.js';
import { jwtFor, makeJwt } from '../support/jwt.js';
import { renewerFor, useFakeTokenWorld } from '../support/renewer-harness.js';
import { findTokenText, tokenPieces } from '../support/token-text.js';
import type { Renewer } from '../../src/session/renewer.js';

const server = useFakeTokenWorld();

/** Every string reachable from `value`, errors included (message, stack-free, cause, own fields). */
function strings(value: unknown, seen = new Set<unknown>()): string[] {
  if (typeof value === 'string') return [value];
  if (typeof value !== 'object' || value === null || seen.has(value)) return [];
  seen.add(value);
  const keys = new Set([...Object.keys(value), ...(value instanceof Error ? ['message', 'cause', 'name'] : [])]);
  return [...keys].flatMap((key) => strings((value as Record<string, unknown>)[key], seen));
}

function expectNoToken(events: SessionEvent[], errors: unknown[], token: string) {
  const [, payload, signature] = token.split('.');
  for (const text of strings([events, errors])) {
    expect(text).not.toContain(payload);
    expect(text).not.toMatch(/eyJ[\w-]{10,}\.eyJ/);
    if (signature) expect(text).not.toContain(`.${signature}`);
  }
}

/** diagnose() and its log entries (issue 19): not even 9 characters of a token. */
function expectNoTokenInDiagnosis(renewer: Renewer, tokens: string[]) {
  const diagnosis = renewer.diagnose({ sdkVersion: undefined, handOver: undefined });
  expect(diagnosis.recent.some((entry) => entry.what === 'failed')).toBe(true);
  expect(findTokenText(diagnosis, tokenPieces(tokens))).toBeUndefined();
}

const secret = jwtFor('doc-1', 300);
const otherDocument = jwtFor('doc-2', 300);

describe('no token text on any path', () => {
  it.each([
    ['a refresh function error whose message quotes the token', async () => { throw new Error(`rejected ${secret}`); }],
    ['a refresh function error carrying the token in its cause and fields', async () => {
      throw Object.assign(new Error('nope'), { cause: new Error(secret), config: { headers: { authorization: `Bearer ${secret}` } } });
    }],
    ['an HTTP client error with the token in its request', async () => {
      throw Object.assign(new Error('Request failed'), { response: { status: 400, data: secret }, request: { body: secret } });
    }],
    ['a token for another document', async () => otherDocument],
    ['an unsigned token', async () => makeJwt({ exp: 4_000_000_000, document_id: 'doc-1' }, { alg: 'none' })],
    ['text that is almost a token', async () => `${secret}!`],
    ['JSON without a token field', async () => ({ access: secret })],
  ])('%s', async (_, source) => {
    const { renewer, seen } = renewerFor(server, { source: source as RefreshSource });
    const error = await renewer.renew('auth-failed').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    for (const token of [secret, otherDocument]) expectNoToken(seen, [error, renewer.lastError], token);
    expectNoTokenInDiagnosis(renewer, [secret, otherDocument]);
  });

  it('a setSession that throws with the token in its message', async () => {
    const { renewer, seen } = renewerFor(server, {
      source: async () => secret,
      apply: (jwt) => {
        throw new Error(`viewer refused ${jwt}`);
      },
    });
    const error = await renewer.renew('auth-failed').catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'SetSessionError' });
    expectNoToken(seen, [error], secret);
    expectNoTokenInDiagnosis(renewer, [secret]);
  });

  it('an endpoint answering a token-bearing HTML page or JSON without the field', async () => {
    const { renewer, endpoint, seen } = renewerFor(server);
    endpoint.answerNext(() => HttpResponse.html(`<p>${secret}</p>`));
    const first = await renewer.renew('auth-failed').catch((e: unknown) => e);
    expectNoToken(seen, [first], secret);
    expectNoTokenInDiagnosis(renewer, [secret]);
  });
});
