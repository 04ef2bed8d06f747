import { ConfigurationError } from '../errors/errors.js';

const ownedBySession = ['authPayload', 'onAuthFailed'] as const;

/** Checks what any session needs: a document and a token source. */
export function checkSessionOptions(options: Record<string, unknown>): void {
  const { documentId, refresh } = options;
  if (typeof documentId !== 'string' || documentId === '') {
    throw new ConfigurationError('"documentId" is required: the Document Engine document id');
  }
  if (!refresh) {
    throw new ConfigurationError('"refresh" is required: your token endpoint URL, an endpoint object or a function');
  }
}

/** Checks what `loadViewer` needs and fixes what is safe to fix (a missing trailing slash). */
export function checkViewerConfiguration(options: Record<string, unknown>): { serverUrl: string } {
  for (const key of ownedBySession) {
    if (key in options) {
      throw new ConfigurationError(`Do not pass "${key}": the session sets it (give "jwt" and "refresh" instead)`);
    }
  }
  const { container, serverUrl } = options;
  if (!container) throw new ConfigurationError('"container" is required: a CSS selector or an element');
  checkSessionOptions(options);
  if (typeof serverUrl !== 'string' || serverUrl === '') {
    throw new ConfigurationError('"serverUrl" is required: the Document Engine URL, e.g. "https://engine.example.com/"');
  }
  try {
    new URL(serverUrl, globalThis.location?.href);
  } catch {
    throw new ConfigurationError(`"serverUrl" is not a URL: "${serverUrl}"`);
  }
  // The SDK throws on a serverUrl without a trailing slash; the intent is never in doubt.
  return { serverUrl: serverUrl.endsWith('/') ? serverUrl : `${serverUrl}/` };
}
