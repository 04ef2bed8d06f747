// POST DOC/auth: checks the JWT and opens a session. The answer's shape is what the viewer needs:
// documentEngineVersion >= 1.7.0 selects the Instant provider (the only one with setSession),
// digitalSignatures must be an object, features must include user_interface and instant.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BadRequestError } from './http-errors';
import { readJson, sendJson } from './http-io';
import { type JwtRules, verifyDocumentJwt } from './jwt-check';
import type { RequestContext } from './request-wrapper';
import type { Session, SessionStore } from './sessions';

export const DOCUMENT_ENGINE_VERSION = '1.18.0';

export function authAnswer(session: Session) {
  return {
    token: session.token,
    imageToken: session.imageToken,
    layerHandle: session.layerHandle,
    permissions: session.permissions,
    features: ['user_interface', 'annotation_editing', 'web:annotation_editing', 'text_selection', 'instant', 'web:viewer'],
    signatureFeatureAvailability: 'none',
    hasPassword: false,
    minSearchQueryLength: 3,
    allowedTileScales: 'all',
    documentEngineVersion: DOCUMENT_ENGINE_VERSION,
    digitalSignatures: { status: 'not_signed', checkedAt: new Date().toISOString() },
  };
}

export async function handleAuth(
  req: IncomingMessage, res: ServerResponse, ctx: RequestContext, rules: JwtRules, sessions: SessionStore,
): Promise<void> {
  const body = (await readJson(req)) as { jwt?: unknown } | null;
  if (typeof body !== 'object' || body === null) throw new BadRequestError('Body must be an object');
  const claims = await verifyDocumentJwt(body.jwt, rules);
  const session = sessions.open(claims);
  ctx.session = session.id;
  sendJson(res, 200, authAnswer(session));
}
