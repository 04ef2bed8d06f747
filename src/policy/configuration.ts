import { ConfigurationError } from '../errors/errors.js';
import { AFTER_SIGN_OUT } from './renewal-policy.js';

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
  const { debug, performanceTrack } = options;
  if (debug !== undefined && typeof debug !== 'boolean' && typeof debug !== 'function') {
    throw new ConfigurationError('"debug" must be true, false or a function that receives log entries');
  }
  if (performanceTrack !== undefined && typeof performanceTrack !== 'boolean') {
    throw new ConfigurationError('"performanceTrack" must be true or false');
  }
  const { saveTimeoutMs, afterSignOut, confirmLeave } = options;
  if (saveTimeoutMs !== undefined && !(typeof saveTimeoutMs === 'number' && Number.isFinite(saveTimeoutMs) && saveTimeoutMs >= 0)) {
    throw new ConfigurationError('"saveTimeoutMs" must be a number of milliseconds, 0 or more');
  }
  if (afterSignOut !== undefined && !AFTER_SIGN_OUT.includes(afterSignOut as never)) {
    throw new ConfigurationError(`"afterSignOut" must be one of ${AFTER_SIGN_OUT.map((value) => `'${value}'`).join(', ')}`);
  }
  if (confirmLeave !== undefined && typeof confirmLeave !== 'boolean') {
    throw new ConfigurationError('"confirmLeave" must be true or false');
  }
}

/**
 * The SDK's own `logLevel` option for a load with `debug` on: `'debug'` where the SDK has it
 * (1.17 and later), unless the app set one; nothing otherwise.
 */
export function sdkLogLevel(debug: unknown, sdkVersion: unknown, configuration: object): { logLevel?: 'debug' } {
  if (!debug || 'logLevel' in configuration) return {};
  const match = typeof sdkVersion === 'string' ? /^(\d+)\.(\d+)/.exec(sdkVersion) : null;
  if (!match) return {}; // an SDK that does not say may not know the option: a load must not fail over logging
  const [major, minor] = [Number(match[1]), Number(match[2])];
  return major === 1 && minor >= 17 ? { logLevel: 'debug' } : {};
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
