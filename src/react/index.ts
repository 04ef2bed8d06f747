// React adapter: `useViewerSession(options, containerRef)`. StrictMode-safe: the first mount's load
// is cancelled by its cleanup and the second waits for the container to be free.
import type { Instance } from '@nutrient-sdk/viewer';
import { useEffect, useRef, useState, useSyncExternalStore, type RefObject } from 'react';
import type { SessionEvent } from '../session/events.js';
import type { LoadViewerOptions } from '../viewer/load-viewer.js';
import type { ViewerInstance } from '../viewer/viewer-sdk.js';
import { ViewerStore, type ViewerSnapshot } from '../viewer/viewer-store.js';

export type { ViewerSnapshot, ViewerStatus } from '../viewer/viewer-store.js';

/**
 * `loadViewer`'s options without `container` (the ref gives it) and `signal` (the hook owns it).
 * @example const options: UseViewerSessionOptions = { serverUrl, documentId, refresh: '/api/viewer-token' };
 */
export type UseViewerSessionOptions<I extends ViewerInstance = Instance> = Omit<LoadViewerOptions<I>, 'container' | 'signal'>;

/**
 * Loads a renewing viewer into `containerRef` and unloads it on unmount. Re-renders on session
 * state changes. The ref may be set on a later render of this component (a container rendered
 * conditionally, a tab panel): the viewer loads then, and unloads when the container goes away.
 * The viewer reloads when `documentId`, `serverUrl` or `instant` change; other options are read
 * when it loads. Under `<StrictMode>` exactly one viewer stays. The session code and the SDK are
 * fetched when the first viewer mounts: this entry adds about 2 KB gzip to a page's first chunk.
 *
 * @example
 * function Viewer({ documentId }: { documentId: string }) {
 *   const container = useRef<HTMLDivElement>(null);
 *   const { state, lastError } = useViewerSession(
 *     { serverUrl: 'https://engine.example.com/', documentId, refresh: '/api/viewer-token' },
 *     container,
 *   );
 *   return <div ref={container} style={{ height: '100vh' }} data-state={state} title={lastError?.message} />;
 * }
 */
export function useViewerSession<I extends ViewerInstance = Instance>(
  options: UseViewerSessionOptions<I>,
  containerRef: RefObject<HTMLElement | null>,
): ViewerSnapshot<I> {
  const [store] = useState(() => new ViewerStore<I>());
  const snapshot = useSyncExternalStore(store.subscribe, store.getSnapshot, store.getSnapshot);
  const latest = useRef(options);
  latest.current = options;
  const { documentId, serverUrl, instant } = options;
  // The element the ref held after the last commit. A ref set on a later render (a container
  // rendered conditionally, a tab panel) or swapped for another element is noticed here, after
  // every commit of this component; a null ref unloads the viewer.
  const [container, setContainer] = useState<HTMLElement | null>(null);
  useEffect(() => {
    setContainer(containerRef.current);
  });
  useEffect(() => {
    if (!container) return;
    store.mount({
      ...latest.current,
      container,
      // The newest callback, without reloading the viewer when the app passes a new function.
      onEvent: (event: SessionEvent) => latest.current.onEvent?.(event),
    });
    return () => store.unmount();
  }, [store, container, documentId, serverUrl, instant]);
  return snapshot;
}

export { ViewerStore };
