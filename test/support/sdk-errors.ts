// Errors and messages copied from @nutrient-sdk/viewer 1.22.0 (dist/nutrient-viewer.js and
// chunk-server-*.js) so tests can match on the same text the real viewer produces.

/** The SDK's own error type (minified as `uE`); its name is 'PSPDFKitError'. */
export class PSPDFKitError extends Error {
  override name = 'PSPDFKitError';
  /** Set on errors from POST /auth, like the real SDK: the refresh logic classifies by these. */
  status?: number;
  body?: string;
}

/** `NutrientViewer.SaveError`: `reason` lists the changes that could not be saved, one entry each. */
export class SaveError extends PSPDFKitError {
  override name = 'PSPDFKitSaveError';
  constructor(message: string, readonly reason: { error: Error; object: unknown; modificationType: string }[]) {
    super(message);
  }
}

export const MESSAGES = {
  authFailedNoCallback: 'Auth failed. Provide onAuthFailed callback to support token refresh.',
  refreshTimedOut: 'Auth refresh timed out: setSession was not called within 30 seconds.',
  authModuleDestroyed: 'Auth module was destroyed.',
  connecting: 'An error occurred while connecting to Nutrient Document Engine: ',
  serverUrlSlash: '`serverUrl` must have a slash at the end (e.g. `https://pspdfkit.example.com/`).',
  containerRequired: '`container` is required when headless mode is not enabled.',
  containerInUse:
    'Configuration#container is already used to mount a Nutrient Web SDK instance. \n\n' +
    'Either use NutrientViewer.unload(container) before loading again or use a different container.',
  documentIdType: '`documentId` must be of type string.',
  instantFlag:
    '`instant` flag must either be set to `true` or `false`\n\n' +
    'For more information about Nutrient Instant please visit:\nwww.nutrient.io/guides/web/instant/overview/',
  invalidJwt:
    'The supplied JWT is invalid. Please refer to our guides on how to set up authentication:\n' +
    '  https://www.nutrient.io/guides/web/server-backed/client-authentication/',
  /** What a browser's fetch rejects with when the server is unreachable. */
  networkDown: 'Failed to fetch',
} as const;

/** The 30 s the SDK gives the app to call setSession after onAuthFailed. */
export const HARD_REFRESH_TIMEOUT_MS = 30_000;

const AUTH_FAILURE_BODIES = ['Token has expired', 'Invalid token', 'Token has been revoked'];

/** The SDK's rule: 401 with any body, or 403 naming an expired/invalid/revoked token. */
export function isAuthFailure(status: number, body: string): boolean {
  return status === 401 || (status === 403 && AUTH_FAILURE_BODIES.some((b) => body.includes(b)));
}
