// Vue 3 adapter: `useViewerSession(options, containerRef)`, a composable that loads when the
// template ref is set and unloads when the component's scope is disposed.
import type { Instance } from '@nutrient-sdk/viewer';
import { onScopeDispose, shallowRef, toValue, watch, type MaybeRefOrGetter, type Ref, type ShallowRef } from 'vue';
import type { SessionEvent } from '../session/events.js';
import type { LoadViewerOptions } from '../viewer/load-viewer.js';
import type { ViewerInstance } from '../viewer/viewer-sdk.js';
import { ViewerStore, type ViewerSnapshot } from '../viewer/viewer-store.js';

export type { ViewerSnapshot, ViewerStatus } from '../viewer/viewer-store.js';

/**
 * `loadViewer`'s options without `container` (the ref gives it) and `signal` (the composable owns it).
 * @example const options: UseViewerSessionOptions = { serverUrl, documentId, refresh: '/api/viewer-token' };
 */
export type UseViewerSessionOptions<I extends ViewerInstance = Instance> = Omit<LoadViewerOptions<I>, 'container' | 'signal'>;

/**
 * Loads a renewing viewer into the template ref `container` and unloads it when the component
 * unmounts. `options` may be a ref or getter: the viewer reloads when `documentId`, `serverUrl` or
 * `instant` change. The returned snapshot is a shallow ref: the SDK instance is never made reactive.
 * The session code and the SDK are fetched when the first viewer mounts: this entry adds about 2 KB
 * gzip to a page's first chunk.
 *
 * @example
 * <script setup lang="ts">
 * import { ref } from 'vue';
 * import { useViewerSession } from 'nutrient-viewer-session/vue';
 * const props = defineProps<{ documentId: string }>();
 * const container = ref<HTMLElement | null>(null);
 * const viewer = useViewerSession(
 *   () => ({ serverUrl: 'https://engine.example.com/', documentId: props.documentId, refresh: '/api/viewer-token' }),
 *   container,
 * );
 * </script>
 * <template><div ref="container" style="height: 100vh" :data-state="viewer.state" /></template>
 */
export function useViewerSession<I extends ViewerInstance = Instance>(
  options: MaybeRefOrGetter<UseViewerSessionOptions<I>>,
  container: Ref<HTMLElement | null | undefined>,
): Readonly<ShallowRef<ViewerSnapshot<I>>> {
  const store = new ViewerStore<I>();
  const snapshot = shallowRef(store.getSnapshot());
  const stopListening = store.subscribe(() => {
    snapshot.value = store.getSnapshot();
  });
  // Compared one by one: a change elsewhere in the options does not reload the viewer.
  const stopWatching = watch(
    [container, () => toValue(options).documentId, () => toValue(options).serverUrl, () => toValue(options).instant],
    ([element], _previous, onCleanup) => {
      if (!element) return;
      store.mount({
        ...toValue(options),
        container: element,
        onEvent: (event: SessionEvent) => toValue(options).onEvent?.(event),
      });
      onCleanup(() => store.unmount());
    },
    { immediate: true, flush: 'post' },
  );
  onScopeDispose(() => {
    stopWatching();
    store.unmount();
    stopListening();
  });
  return snapshot;
}

export { ViewerStore };
