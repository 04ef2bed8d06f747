// The page the swap tests drive: an SDK without setSession (?sdk=1.12.0) loaded through the library,
// which renews by swapping viewers (or reloading in place with ?method=reload).
import { loadViewer, type SessionEvent, type ViewerInstance } from '../src/index';
import { captureViewSnapshot, type ViewStateInstance } from '../src/view-snapshot';
import type { SwapE2ePage } from './swap-e2e-api';
import { isSwapSdkVersion, sdkAssetsRoute, type SwapSdkVersion } from './vite/sdk-versions';

const SDK_LOADERS: Record<SwapSdkVersion, () => Promise<{ default: unknown }>> = {
  '1.12.0': () => import('nutrient-viewer-1.12'),
  '2024.8.2': () => import('pspdfkit-2024'),
};

/** The parts of an old SDK's instance and module this page uses. */
interface OldInstance extends ViewerInstance, ViewStateInstance {
  create(annotation: unknown): Promise<{ id: string }[]>;
  getAnnotations(pageIndex: number): Promise<{ map<T>(f: (annotation: { id: string }) => T): { toArray(): T[] } }>;
  readonly totalPageCount: number;
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
const seen = new Set<unknown>();

const page: SwapE2ePage = {
  status: 'loading',
  events: [],
  instances: 0,
  blankFrames: 0,
  framesChecked: 0,
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
  instanceFollows: () => session?.instance === current,
  async annotationIds() {
    const pages = Array.from({ length: current!.totalPageCount }, (_, index) => current!.getAnnotations(index));
    return (await Promise.all(pages)).flatMap((list) => list.map((annotation) => annotation.id).toArray());
  },
};
window.__swap = page;

function record(event: SessionEvent): void {
  if (event.type === 'instance') {
    current = event.instance as OldInstance;
    if (!seen.has(current)) page.instances = seen.add(current).size;
  }
  page.events.push({
    type: event.type,
    at: Date.now(),
    ...('reason' in event && { reason: event.reason }),
    ...('method' in event && { method: event.method }),
    ...('error' in event && { error: `${event.error.name}: ${event.error.message}` }),
  });
}

/** The slot on top (the one the user sees) has a page with every image drawn. */
function topViewerDrawn(): boolean {
  const slots = [...document.querySelectorAll<HTMLElement>('#viewer > [data-viewer-slot]')];
  const top = slots.find((slot) => !slot.inert);
  const root = top?.querySelector('.PSPDFKit-Container')?.shadowRoot;
  const images = [...(root?.querySelectorAll<HTMLImageElement>('.PSPDFKit-Page img') ?? [])];
  return images.length > 0 && images.some((image) => image.complete && image.naturalWidth > 0);
}

function watchFrames(): void {
  page.framesChecked++;
  if (!topViewerDrawn()) page.blankFrames++;
  requestAnimationFrame(watchFrames);
}

let session: Awaited<ReturnType<typeof loadViewer<OldInstance>>> | undefined;
try {
  if (!isSwapSdkVersion(version)) throw new Error(`No swap SDK ${version} on this page`);
  sdk = (await SDK_LOADERS[version]()).default as OldSdk;
  page.sdkVersion = sdk.version;
  session = await loadViewer<OldInstance>({
    container: '#viewer',
    serverUrl: params.get('engine') ?? 'http://127.0.0.1:5181/',
    documentId: params.get('document') ?? 'sample',
    refresh: { url: '/api/token', method: 'POST' },
    instant: params.get('instant') === '1',
    baseUrl: `${location.origin}${sdkAssetsRoute(version)}`,
    sdk: sdk as never,
    renewal: { method: (params.get('method') as 'swap' | 'reload' | null) ?? 'auto' },
    onEvent: record,
  } as never);
  current = session.instance;
  page.instances = seen.add(current).size;
  // From the first drawn frame on, every frame is checked.
  const firstDraw = () => (topViewerDrawn() ? requestAnimationFrame(watchFrames) : requestAnimationFrame(firstDraw));
  firstDraw();
  page.status = 'loaded';
} catch (error) {
  page.status = 'failed';
  page.loadError = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
