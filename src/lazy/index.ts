// The smallest way in: this entry holds only `loadViewer`'s front door. The renewal machinery
// (with ky, p-retry and jose) and the SDK are separate chunks, fetched in parallel when it is called.
import type { Instance } from '@nutrient-sdk/viewer';
import type { LoadViewerOptions } from '../load-viewer.js';
import type { ViewerSession } from '../session.js';
import type { ViewerInstance, ViewerSdk } from '../viewer-sdk.js';

/**
 * `loadViewer`, from an entry that adds about 1 KB to your page's first chunk. It starts the SDK's
 * download and the session code's at once; the session code starts the token request as soon as
 * it is there. Same options, same session, same errors as the main entry's `loadViewer`.
 *
 * @example
 * import { loadViewer } from 'nutrient-viewer-session/lazy';
 * const session = await loadViewer({ container: '#viewer', serverUrl, documentId, refresh: '/api/viewer-token' });
 */
export async function loadViewer<I extends ViewerInstance = Instance>(options: LoadViewerOptions<I>): Promise<ViewerSession<I>> {
  const source = options.sdk ?? (() => import('@nutrient-sdk/viewer') as Promise<unknown> as Promise<ViewerSdk<I>>);
  const sdk = typeof source === 'function' ? source() : Promise.resolve(source);
  sdk.catch(() => {}); // a failed import is reported by loadViewer, which awaits the same promise
  const session = await import('../load-viewer.js');
  return session.loadViewer({ ...options, sdk: () => sdk });
}

export type { LoadViewerOptions } from '../load-viewer.js';
export type { ViewerSession } from '../session.js';
export type { SessionEvent, SessionState, SessionListener } from '../events.js';
