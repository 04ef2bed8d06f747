// One tab of a user with several tabs on one document: the real viewer through loadViewer with
// `sharing: { scope }` from the query string (no scope: no sharing), its events recorded (never
// token text) and a few viewer actions for test/e2e/tabs.test.ts to call.
import NutrientViewer, { type Instance } from '@nutrient-sdk/viewer';
import { loadViewer, type SessionEvent } from '../src/index';
import { QA_TOOLBAR_ITEMS } from './app/toolbar';
import type { TabEvent, TabsE2ePage } from './tabs-e2e-api';

const params = new URLSearchParams(location.search);
const scope = params.get('scope');

function record(event: SessionEvent): TabEvent {
  const error = 'error' in event ? event.error : undefined;
  return {
    type: event.type,
    at: Date.now(),
    ...('reason' in event && { reason: event.reason }),
    ...('source' in event && { source: event.source }),
    ...('attempts' in event && { attempts: event.attempts }),
    ...('status' in event && { status: event.status }),
    ...('fatal' in event && { fatal: event.fatal }),
    ...('state' in event && { state: event.state }),
    ...(error && { error: { name: error.name, reason: (error as { reason?: string }).reason } }),
  };
}

const page = { status: 'loading', events: [], visibility: document.visibilityState } as unknown as TabsE2ePage;
window.__tabs = page;
let instance: Instance | undefined;

Object.assign(page, {
  async createRectangle(pageIndex: number, n: number) {
    const rectangle = new NutrientViewer.Annotations.RectangleAnnotation({
      pageIndex,
      boundingBox: new NutrientViewer.Geometry.Rect({ left: 40 + (n % 8) * 60, top: 60 + (Math.floor(n / 8) % 10) * 60, width: 50, height: 40 }),
      strokeColor: NutrientViewer.Color.RED,
      strokeWidth: 3,
    });
    const [created] = await instance!.create(rectangle);
    await instance!.ensureChangesSaved(created!);
    return (created as { id: string }).id;
  },
  async zoomTo(zoom: number) {
    instance!.setViewState((state) => state.set('zoom', zoom));
  },
  async goToPage(pageIndex: number) {
    instance!.setViewState((state) => state.set('currentPageIndex', pageIndex));
  },
} satisfies Pick<TabsE2ePage, 'createRectangle' | 'zoomTo' | 'goToPage'>);

try {
  const session = await loadViewer({
    container: '#viewer',
    serverUrl: params.get('engine') ?? 'http://127.0.0.1:5181/',
    documentId: params.get('document') ?? 'sample',
    // Same-origin through the demo's proxy by default; a test may point a tab at another stand-in.
    refresh: { url: params.get('token') ?? '/api/token', method: 'POST' },
    instant: params.get('instant') === '1',
    baseUrl: `${location.origin}/`,
    sdk: NutrientViewer,
    ...(scope && { sharing: { scope } }),
    // In the QA page's frame: its toolbar, without the items that warn about the licence.
    ...(params.get('toolbar') === 'qa' && { toolbarItems: QA_TOOLBAR_ITEMS as never }),
    onEvent: (event) => page.events.push(record(event)),
  });
  instance = session.instance;
  page.session = session;
  page.status = 'loaded';
} catch (error) {
  page.status = 'failed';
  page.loadError = { name: (error as Error).name, message: (error as Error).message };
}
