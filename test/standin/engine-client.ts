// Small HTTP helpers for the stand-in's unit tests: talk to the engine like the viewer does.
import type { StandIn } from '../../demo/server/stand-in';

export interface AuthAnswer { token: string; imageToken: string; layerHandle: string; permissions: string[] }

export interface OpenSession extends AuthAnswer {
  /** URL of H/{name} for this session's layer. */
  url(name: string): string;
  /** GET or POST H/{name} with X-PSPDFKit-Token (or the image token for tiles). */
  request(name: string, init?: RequestInit & { imageToken?: boolean }): Promise<Response>;
}

export function authUrl(standIn: StandIn): string {
  return `${standIn.engineUrl}i/d/${standIn.documentId}/auth`;
}

export function postAuth(standIn: StandIn, jwt: unknown): Promise<Response> {
  return fetch(authUrl(standIn), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jwt }) });
}

export class AuthRejectedError extends Error {
  constructor(status: number, body: string) {
    super(`auth answered ${status}: ${body}`);
    this.name = 'AuthRejectedError';
  }
}

export async function openSession(standIn: StandIn, jwt?: string): Promise<OpenSession> {
  const response = await postAuth(standIn, jwt ?? (await standIn.mintToken()));
  if (response.status !== 200) throw new AuthRejectedError(response.status, await response.text());
  const answer = (await response.json()) as AuthAnswer;
  const url = (name: string) => `${standIn.engineUrl}i/d/${standIn.documentId}/h/${answer.layerHandle}/${name}`;
  return {
    ...answer,
    url,
    request(name, { imageToken, headers, ...init } = {}) {
      const auth: Record<string, string> = imageToken ? { 'X-PSPDFKit-Image-Token': answer.imageToken } : { 'X-PSPDFKit-Token': answer.token };
      return fetch(url(name), { ...init, headers: { ...auth, ...(headers as Record<string, string>) } });
    },
  };
}

export interface SyncBody {
  record_rev: number;
  changes?: { created?: unknown[]; updated?: unknown[]; deleted?: string[] };
  timeout?: number;
}

export async function sync(session: OpenSession, body: SyncBody, signal?: AbortSignal) {
  const response = await session.request('sync', { method: 'POST', body: JSON.stringify({ request_id: 'r', ...body }), ...(signal && { signal }) });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

export function rectangle(id: string, left = 10) {
  return { id, content: { v: 2, type: 'pspdfkit/shape/rectangle', pageIndex: 0, bbox: [left, 10, 50, 50], strokeWidth: 2 } };
}
