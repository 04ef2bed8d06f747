// Angular adapter, in functions rather than a decorated component: a library's decorators need
// Angular's compiler at build time, functions work in any app as they are. `injectViewerSession`
// for a component that shows a viewer; `injectOwnLoadSession` for code that calls
// `NutrientViewer.load` itself. Both load after the first render (never on the server), keep their
// state in signals (zoneless-safe), and unload with the injector that made them (`DestroyRef`).
import {
  afterNextRender,
  assertInInjectionContext,
  computed,
  DestroyRef,
  effect,
  ElementRef,
  inject,
  signal,
  untracked,
  type Signal,
} from '@angular/core';
import type { Instance } from '@nutrient-sdk/viewer';
import type { SessionEvent } from '../session/events.js';
import { createViewerSession, type ViewerSession } from '../session/session.js';
import type { ViewerSessionOptions } from '../session/session-options.js';
import type { LoadViewerOptions } from '../viewer/load-viewer.js';
import type { ViewerInstance } from '../viewer/viewer-sdk.js';
import { ViewerStore, type ViewerSnapshot } from '../viewer/viewer-store.js';
import { angularBaseUrl } from './base-url.js';

export type { ViewerSnapshot, ViewerStatus } from '../viewer/viewer-store.js';

/**
 * `loadViewer`'s options without `container` (the element gives it) and `signal` (the adapter owns it).
 * @example const options: InjectViewerSessionOptions = { serverUrl, documentId, refresh: '/api/viewer-token' };
 */
export type InjectViewerSessionOptions<I extends ViewerInstance = Instance> = Omit<LoadViewerOptions<I>, 'container' | 'signal'>;

/**
 * Where the viewer goes: what `viewChild('container')` gives, or an element.
 * @example const container: ContainerSource = viewChild<ElementRef<HTMLElement>>('container')();
 */
export type ContainerSource = ElementRef<HTMLElement> | HTMLElement | null | undefined;

/**
 * Loads a renewing viewer into `container` after the component's first render, and unloads it when
 * the component is destroyed. Call it in a field initializer or constructor. `options` is a function
 * that may read signals and inputs: the viewer reloads when `documentId`, `serverUrl` or `instant`
 * change (other options are read when it loads). `baseUrl` defaults to the page's
 * `<meta name="nutrient-viewer-base-url">`, else the document's base URL (where the `angular.json`
 * assets glob in the README puts `nutrient-viewer-lib/`).
 *
 * @example
 * \@Component({ selector: 'app-viewer', template: `<div #viewer class="viewer" [attr.data-state]="viewer().state"></div>`,
 *   styles: `.viewer { height: 100vh; }` })
 * export class ViewerComponent {
 *   readonly documentId = input.required<string>();
 *   readonly container = viewChild<ElementRef<HTMLElement>>('viewer');
 *   readonly viewer = injectViewerSession(
 *     () => ({ serverUrl: 'https://engine.example.com/', documentId: this.documentId(), refresh: '/api/viewer-token' }),
 *     this.container,
 *   );
 * }
 */
export function injectViewerSession<I extends ViewerInstance = Instance>(
  options: () => InjectViewerSessionOptions<I>,
  container: () => ContainerSource,
): Signal<ViewerSnapshot<I>> {
  assertInInjectionContext(injectViewerSession);
  const store = new ViewerStore<I>();
  const snapshot = signal(store.getSnapshot());
  const stopListening = store.subscribe(() => snapshot.set(store.getSnapshot()));
  // Set after the first render, which never happens on the server.
  const rendered = signal(false);
  afterNextRender(() => rendered.set(true));
  // Only these reload the viewer; any other option is read when it loads.
  const identity = computed(() => {
    const { documentId, serverUrl, instant } = options();
    return `${serverUrl}\n${documentId}\n${instant ?? false}`;
  });
  effect((onCleanup) => {
    const element = unwrap(container());
    if (!rendered() || !element) return;
    identity();
    untracked(() =>
      store.mount({
        ...options(),
        baseUrl: options().baseUrl ?? angularBaseUrl(),
        container: element,
        // The newest callback, without reloading the viewer when it changes.
        onEvent: (event: SessionEvent) => untracked(options).onEvent?.(event),
      }),
    );
    onCleanup(() => store.unmount());
  });
  inject(DestroyRef).onDestroy(() => {
    store.unmount();
    stopListening();
  });
  return snapshot.asReadonly();
}

const unwrap = (source: ContainerSource): HTMLElement | undefined =>
  (source instanceof ElementRef ? source.nativeElement : source) ?? undefined;

/**
 * Sessions for code that calls `NutrientViewer.load` itself: `open()` makes one (unloading the one
 * opened before), `close()` unloads it, and the injector's end (a component's or service's
 * `DestroyRef`) closes it. `loadConfiguration()` gives `authPayload` and `onAuthFailed` for your
 * configuration, `attach()` takes the instance back. Call it in an injection context.
 *
 * @example
 * \@Injectable() export class ViewerLoader {
 *   private readonly sessions = injectOwnLoadSession();
 *   async open(container: HTMLElement, documentId: string) {
 *     const session = this.sessions.open({ documentId, refresh: '/api/viewer-token' });
 *     const instance = await NutrientViewer.load({
 *       container, documentId, serverUrl: 'https://engine.example.com/', instant: false,
 *       baseUrl: new URL('./', document.baseURI).href, ...(await session.loadConfiguration()),
 *     });
 *     session.attach(instance, { sdk: NutrientViewer, container });
 *   }
 * }
 */
export function injectOwnLoadSession<I extends ViewerInstance = Instance>(): {
  open(options: ViewerSessionOptions): ViewerSession<I>;
  close(): void;
} {
  assertInInjectionContext(injectOwnLoadSession);
  let current: ViewerSession<I> | undefined;
  const close = () => {
    current?.unload();
    current = undefined;
  };
  inject(DestroyRef).onDestroy(close);
  return {
    open(options) {
      close();
      return (current = createViewerSession<I>(options));
    },
    close,
  };
}

export { ViewerStore };
