// The page the swap tests and the hand-over benchmark drive: an SDK without setSession (?sdk=1.12.0)
// loaded through the library, which renews by swapping viewers (or reloading in place with
// ?method=reload). For the benchmark also ?sdk=1.22.0 (setSession) and ?method=guide: the older
// guide's hand-written reload (timer, capture page and zoom, unload, load with the new token).
import { loadViewer, type ReplaceMethod, type SessionEvent, type ViewerInstance } from '../src/index';
import { captureViewSnapshot, type ViewStateInstance } from '../src/viewer/view-snapshot';
import type { SwapE2ePage } from './swap-e2e-api';
import { isSwapSdkVersion, sdkAssetsRoute, type SwapSdkVersion } from './vite/sdk-versions';

const SDK_LOADERS: Record<SwapSdkVersion | '1.22.0', () => Promise<{ default: unknown }>> = {
  '1.22.0': () => import('@nutrient-sdk/viewer'),
  '1.12.0': () => import('nutrient-viewer-1.12'),
  '2024.8.2': () => import('pspdfkit-2024'),
};

/** The parts of an old SDK's instance and module this page uses. */
interface OldInstance extends ViewerInstance, ViewStateInstance {
  create(annotation: unknown): Promise<{ id: string }[]>;
  getAnnotations(pageIndex: number): Promise<{ map<T>(f: (annotation: { id: string }) => T): { toArray(): T[] } }>;
  readonly totalPageCount: number;
  readonly toolbarItems: { type: string; id?: string }[];
  setToolbarItems(items: object[]): void;
  setAnnotationCreatorName(name: string | null): void;
  addEventListener(type: string, listener: (value: { map<T>(f: (annotation: { id: string }) => T): { toArray(): T[] } }) => void): void;
}
interface OldSdk {
  version: string;
  load(configuration: object): Promise<OldInstance>;
  unload(target: unknown): boolean;
  Annotations: { RectangleAnnotation: new (values: object) => unknown };
  Geometry: { Rect: new (values: object) => unknown };
}

const params = new URLSearchParams(location.search);
const version = params.get('sdk') ?? '1.12.0';
let sdk: OldSdk | undefined;
let current: OldInstance | undefined;
/** Weak: the page must not keep the viewers a swap dropped (the memory row measures what the library keeps). */
const seen = new WeakSet<object>();

const page: SwapE2ePage = {
  status: 'loading',
  events: [],
  instances: 0,
  blankFrames: 0,
  blankMs: 0,
  framesChecked: 0,
  handOver: () => Promise.reject(new Error('not loaded')),
  view: () => captureViewSnapshot(current!),
  goToPage: (pageIndex) => current!.setViewState((state) => state.set('currentPageIndex', pageIndex)),
  zoomTo: (zoom) => current!.setViewState((state) => state.set('zoom', zoom)),
  scrollBy: (dy) => {
    const scroller = current!.contentDocument?.querySelector('.PSPDFKit-Scroll') as HTMLElement | null;
    scroller?.scrollBy(0, dy);
  },
  async drawRectangle(pageIndex, n) {
    const rectangle = new sdk!.Annotations.RectangleAnnotation({
      pageIndex,
      boundingBox: new sdk!.Geometry.Rect({ left: 30 + (n % 8) * 60, top: 40 + Math.floor(n / 8) * 50, width: 40, height: 30 }),
    });
    const [created] = await current!.create(rectangle);
    return created!.id;
  },
  state: () => session?.state ?? 'none',
  unload: () => session?.unload() ?? Promise.resolve(),
  unsaved: () => ({ viewer: (current as unknown as { hasUnsavedChanges(): boolean }).hasUnsavedChanges(), session: session?.unsavedChanges ?? 0 }),
  setTool: (mode) => current!.setViewState((state) => state.set('interactionMode', mode)),
  created: [],
  readOnlyFrames: 0,
  focusLog: [],
  switches: [],
  authorAtCreate: {},
  errors: [],
  slowSlots: [],
  slotLog: [],
  log: [],
  blankAt: [],
  settings() {
    const state = current!.viewState as unknown as { pagesRotation: number; layoutMode: string };
    return { pagesRotation: state.pagesRotation, layoutMode: state.layoutMode, toolbarIds: current!.toolbarItems.map((item) => item.id ?? item.type) };
  },
  changeSettings(author) {
    current!.setViewState((state) => state.set('pagesRotation', 90).set('layoutMode', 'DOUBLE'));
    current!.setToolbarItems([...current!.toolbarItems, { type: 'custom', id: 'app-item', title: 'App item' }]);
    current!.setAnnotationCreatorName(author);
  },
  focusToolbarButton(title) {
    const root = current!.contentDocument as unknown as ShadowRoot;
    const button = root.querySelector<HTMLElement>(`button[aria-label=${JSON.stringify(title)}]`);
    button?.focus();
    return !!button && root.activeElement === button;
  },
  focusedText() {
    let active: Element | null = document.activeElement;
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
    return (active as HTMLElement | null)?.isContentEditable ? (active!.textContent ?? '') : undefined;
  },
  commitEditor() {
    let active: Element | null = document.activeElement;
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
    (active as HTMLElement | null)?.blur();
  },
  focused() {
    let active: Element | null = document.activeElement;
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
    return active?.getAttribute('aria-label') ?? active?.getAttribute('title') ?? active?.localName ?? 'none';
  },
  appUnload: (target) => sdk!.unload(target),
  instanceFollows: () => session?.instance === current,
  async annotationIds() {
    const pages = Array.from({ length: current!.totalPageCount }, (_, index) => current!.getAnnotations(index));
    return (await Promise.all(pages)).flatMap((list) => list.map((annotation) => annotation.id).toArray());
  },
};
window.__swap = page;

/** The author the viewer has now (both old SDKs have this getter; it is not in their types). */
const authorOf = (instance: OldInstance) => (instance as unknown as { annotationCreatorName?: string | null }).annotationCreatorName;

/** Records the ids of what a viewer creates, and the view of the current one every frame. */
function follow(instance: OldInstance): void {
  const index = page.instances; // (counted before this call)
  instance.addEventListener('annotations.create', (list) => {
    const ids = list.map((annotation) => annotation.id).toArray();
    page.created.push(...ids);
    for (const annotation of list.map((made) => made as { id: string; creatorName?: string | null }).toArray()) {
      page.authorAtCreate[annotation.id] ??= { viewer: authorOf(instance), annotation: annotation.creatorName, instance: index, at: Date.now() };
    }
  });
}
let frameView: ReturnType<typeof captureViewSnapshot> | undefined;
let inputSinceFrame = false;
for (const type of ['wheel', 'pointerdown', 'keydown']) addEventListener(type, () => (inputSinceFrame = true), true);
addEventListener('error', (event) => page.errors.push(String(event.message)));
// With ?log, every focus move by the element's label (in a slot: hidden or shown), for a focus test's failure message.
if (params.has('log')) {
  addEventListener('focusin', (event) => {
    const path = event.composedPath() as HTMLElement[];
    const target = path[0]!;
    const slot = path.find((node) => node instanceof HTMLElement && node.hasAttribute('data-viewer-slot'));
    const label = target.getAttribute?.('aria-label') ?? target.getAttribute?.('title') ?? `${target.localName}.${String(target.className).slice(0, 30)}`;
    page.focusLog.push(`${label} in ${slot ? (slot.inert ? 'hidden slot' : 'shown slot') : 'page'} @${Date.now()}`);
    if (page.focusLog.length > 200) page.focusLog.shift();
  }, true);
  // Focus leaving an editor (a text committed): for where, and whether to <body>.
  addEventListener('focusout', (event) => {
    const target = event.composedPath()[0] as HTMLElement;
    if (!target.isContentEditable) return;
    const to = (event as FocusEvent).relatedTarget as HTMLElement | null;
    page.focusLog.push(`editor left for ${to ? (to.getAttribute?.('aria-label') ?? to.localName) : 'nothing (body)'} @${Date.now()}`);
    if (page.focusLog.length > 200) page.focusLog.shift();
  }, true);
  // Where each key went: a key lost from a typed text shows here.
  addEventListener('keydown', (event) => {
    const target = event.composedPath()[0] as HTMLElement;
    page.focusLog.push(`key ${event.key} to ${target.getAttribute?.('aria-label') ?? target.localName}${target.isContentEditable ? ' (editable)' : ''} @${Date.now()}`);
    if (page.focusLog.length > 200) page.focusLog.shift();
  }, true);
}
function followView(): void {
  try {
    frameView = current ? captureViewSnapshot(current) : undefined;
    if ((current?.viewState as { readOnly?: boolean } | undefined)?.readOnly) page.readOnlyFrames++;
  } catch {
    frameView = undefined;
  }
  inputSinceFrame = false;
  requestAnimationFrame(followView);
}

function record(event: SessionEvent): void {
  if (event.type === 'instance') {
    current = event.instance as OldInstance;
    if (!seen.has(current)) {
      seen.add(current);
      page.instances++;
      follow(current);
    }
    page.switches.push({ before: frameView, after: captureViewSnapshot(current), inputSinceFrame, at: Date.now(), author: authorOf(current) });
  }
  page.events.push({
    type: event.type,
    at: Date.now(),
    ...('reason' in event && { reason: event.reason }),
    ...('method' in event && { method: event.method }),
    ...('error' in event && { error: `${event.error.name}: ${event.error.message}` }),
  });
}

/** The viewer on top (the one the user sees) has a page with an image drawn. */
function topViewerDrawn(): boolean {
  const slots = [...document.querySelectorAll<HTMLElement>('#viewer > [data-viewer-slot]')];
  const top = slots.length > 0 ? slots.find((slot) => !slot.inert) : document.querySelector<HTMLElement>('#viewer');
  const root = top?.querySelector('.PSPDFKit-Container')?.shadowRoot;
  const images = [...(root?.querySelectorAll<HTMLImageElement>('.PSPDFKit-Page img') ?? [])];
  return images.length > 0 && images.some((image) => image.complete && image.naturalWidth > 0);
}

/** Each hidden slot's first sighting; one that is still hidden 8 s later is described in `slowSlots`. */
const hiddenSince = new WeakMap<HTMLElement, number>();
const slotEntries = new Map<HTMLElement, SwapE2ePage['slotLog'][number]>();
setInterval(() => {
  for (const [slot, entry] of slotEntries) {
    if (!slot.isConnected || !slot.inert) {
      Object.assign(entry, { ended: Date.now(), how: slot.isConnected ? 'shown' : 'dropped' });
      slotEntries.delete(slot);
      continue;
    }
    const root = slot.querySelector('.PSPDFKit-Container')?.shadowRoot;
    const images = [...(root?.querySelectorAll<HTMLImageElement>('.PSPDFKit-Page img') ?? [])];
    if (entry.drawnAt === undefined && images.length > 0 && images.every((image) => image.complete && image.naturalWidth > 0)) entry.drawnAt = Date.now();
  }
  for (const slot of document.querySelectorAll<HTMLElement>('#viewer > [data-viewer-slot]')) {
    if (!slot.inert) continue;
    if (!slotEntries.has(slot) && !hiddenSince.has(slot)) {
      const entry = { added: Date.now() };
      page.slotLog.push(entry);
      slotEntries.set(slot, entry);
    }
    const since = hiddenSince.get(slot);
    if (since === undefined) hiddenSince.set(slot, Date.now());
    if (since === undefined || since < 0 || Date.now() - since < 8_000) continue;
    hiddenSince.set(slot, -1);
    const root = slot.querySelector('.PSPDFKit-Container')?.shadowRoot;
    const pages = [...(root?.querySelectorAll<HTMLElement>('.PSPDFKit-Page') ?? [])];
    const images = [...(root?.querySelectorAll<HTMLImageElement>('.PSPDFKit-Page img') ?? [])];
    page.slowSlots.push({
      ms: Date.now() - since,
      size: `${slot.offsetWidth}x${slot.offsetHeight}`,
      pages: pages.length,
      loaded: pages.filter((element) => element.dataset.pageIsLoaded === 'true').length,
      images: images.map((image) => `${image.complete ? 'complete' : 'loading'}:${image.naturalWidth}x${image.naturalHeight}:${image.getAttribute('src')?.slice(0, 12) ?? 'no-src'}:${image.className}`),
    });
  }
}, 100);

let lastFrame = 0;
function watchFrames(now: number): void {
  page.framesChecked++;
  if (!topViewerDrawn()) {
    page.blankFrames++;
    if (page.blankAt.length < 50) page.blankAt.push(Date.now());
    if (lastFrame) page.blankMs += now - lastFrame;
  }
  lastFrame = now;
  requestAnimationFrame(watchFrames);
}

const drawn = () => new Promise<void>((resolve) => {
  const check = () => (topViewerDrawn() ? resolve() : requestAnimationFrame(check));
  requestAnimationFrame(check);
});

/** The older guide's renewal, written by hand: new token, remember page and zoom, unload, load again. */
async function guideHandOver(configuration: Record<string, unknown>): Promise<void> {
  const { jwt } = (await (await fetch('/api/token', { method: 'POST' })).json()) as { jwt: string };
  const viewState = current!.viewState;
  sdk!.unload(current);
  current = await sdk!.load({ ...configuration, authPayload: { jwt }, initialViewState: viewState });
}

/** Main-thread tasks over 50 ms, summed, while `run` runs; and the blank time it caused. */
async function measured(run: () => Promise<void>): Promise<{ longTaskMs: number; blankMs: number; totalMs: number }> {
  let longTaskMs = 0;
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) longTaskMs += entry.duration;
  });
  observer.observe({ type: 'longtask' });
  const [blankBefore, started] = [page.blankMs, performance.now()];
  await run();
  await drawn();
  await new Promise((resolve) => setTimeout(resolve, 100)); // late long tasks are reported a little later
  observer.disconnect();
  return { longTaskMs, blankMs: page.blankMs - blankBefore, totalMs: performance.now() - started };
}

let session: Awaited<ReturnType<typeof loadViewer<OldInstance>>> | undefined;
try {
  if (!isSwapSdkVersion(version) && version !== '1.22.0') throw new Error(`No SDK ${version} on this page`);
  sdk = (await SDK_LOADERS[version]()).default as OldSdk;
  page.sdkVersion = sdk.version;
  const configuration = {
    container: '#viewer',
    serverUrl: params.get('engine') ?? 'http://127.0.0.1:5181/',
    documentId: params.get('document') ?? 'sample',
    instant: params.get('instant') === '1',
    baseUrl: `${location.origin}${sdkAssetsRoute(version as SwapSdkVersion)}`,
  };
  const method = params.get('method');
  if (method === 'guide') {
    const { jwt } = (await (await fetch('/api/token', { method: 'POST' })).json()) as { jwt: string };
    current = await sdk.load({ ...configuration, authPayload: { jwt } });
    page.handOver = () => measured(() => guideHandOver(configuration));
  } else {
    session = await loadViewer<OldInstance>({
      ...configuration,
      // ?token: another stand-in's token endpoint (the swap e2e gives each SDK its own engine, so each counts its own refusals).
      refresh: { url: params.get('token') ?? '/api/token', method: 'POST' },
      sdk: sdk as never,
      // ?early: renewal.earlyRatio (the gesture e2e renews earlier, so a user may hold a swap off longer).
      renewal: { method: (method as ReplaceMethod | null) ?? 'auto', ...(params.get('early') ? { earlyRatio: Number(params.get('early')) } : {}) },
      onEvent: record,
      // ?log: the session's decisions, for a failing test's message (a swap that does not end: what was
      // decided last). Not for the bench, which measures this page: `debug` turns on SDK 1.17+'s own log.
      ...(params.has('log') && {
        debug: (entry: { at: number; what: string; rule?: string; action?: string; changes?: unknown }) => page.log.push(`${entry.what} ${entry.rule ?? ''} ${entry.action ?? ''}${entry.changes ? ` ${JSON.stringify(entry.changes)}` : ''} @${entry.at}`),
        performanceTrack: false,
      }),
    } as never);
    current = session.instance;
    page.handOver = () => measured(() => session!.renew());
  }
  seen.add(current);
  page.instances = 1;
  follow(current);
  requestAnimationFrame(followView);
  // From the first drawn frame on, every frame is checked.
  await drawn();
  requestAnimationFrame(watchFrames);
  page.status = 'loaded';
} catch (error) {
  page.status = 'failed';
  page.loadError = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
