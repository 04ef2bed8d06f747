// The smallest way in: this entry holds only `loadViewer`'s front door. The renewal machinery
// (with ky, p-retry and jose) and the SDK are separate chunks, fetched in parallel when it is called.
import type { Instance } from '@nutrient-sdk/viewer';
import type { LoadViewerOptions } from '../viewer/load-viewer.js';
import type { LoadedViewerSession } from '../session/session.js';
import type { ViewerInstance, ViewerSdk } from '../viewer/viewer-sdk.js';

/**
 * `loadViewer`, from an entry that adds about 1 KB to your page's first chunk. It starts the SDK's
 * download and the session code's at once; the session code starts the token request as soon as
 * it is there. Same options, same session, same errors as the main entry's `loadViewer`. Outside a
 * page (server-side rendering) it rejects with a `ConfigurationError`: call it in the browser.
 *
 * @example
 * import { loadViewer } from 'nutrient-viewer-session/lazy';
 * const session = await loadViewer({ container: '#viewer', serverUrl, documentId, refresh: '/api/viewer-token' });
 */
export async function loadViewer<I extends ViewerInstance = Instance>(options: LoadViewerOptions<I>): Promise<LoadedViewerSession<I>> {
  if (typeof document === 'undefined') {
    // Server-side rendering (or a worker): the SDK's import would fail with "self is not defined".
    // The error class is imported only here: a page's first chunk does not grow.
    const { ConfigurationError } = await import('../errors/errors.js');
    throw new ConfigurationError(
      'loadViewer() needs a browser page and there is no document here (server-side rendering?): call it in the browser, ' +
        'e.g. in useEffect (React), onMounted (Vue) or afterNextRender (Angular)',
    );
  }
  const source = options.sdk ?? (() => import('@nutrient-sdk/viewer') as Promise<unknown> as Promise<ViewerSdk<I>>);
  const sdk = typeof source === 'function' ? source() : Promise.resolve(source);
  sdk.catch(() => {}); // a failed import is reported by loadViewer, which awaits the same promise
  const session = await import('../viewer/load-viewer.js');
  return session.loadViewer({ ...options, sdk: () => sdk });
}

export type { LoadViewerOptions } from '../viewer/load-viewer.js';
export type { LoadedViewerSession, ViewerSession } from '../session/session.js';
export type { SessionEvent, SessionState, SessionListener } from '../session/events.js';
