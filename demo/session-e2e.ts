// The page the end-to-end tests drive: the real viewer through this library, configured from the
// query string, with its events recorded and a few viewer actions for the tests to call.
import NutrientViewer, { type Instance } from '@nutrient-sdk/viewer';
import { loadViewer, type SessionEvent } from '../src/index';
import type { RecordedEvent, SessionE2ePage } from './session-e2e-api';

const params = new URLSearchParams(location.search);
const number = (name: string) => (params.has(name) ? Number(params.get(name)) : undefined);

function record(event: SessionEvent): RecordedEvent {
  const { type } = event;
  const error = 'error' in event ? event.error : undefined;
  return {
    type,
    at: Date.now(),
    ...('reason' in event && { reason: event.reason }),
    ...('attempts' in event && { attempts: event.attempts }),
    ...('attempt' in event && { attempt: event.attempt, delayMs: event.delayMs, status: event.status }),
    ...('fatal' in event && { fatal: event.fatal }),
    ...('state' in event && { state: event.state }),
    ...('unsavedChanges' in event && { unsavedChanges: event.unsavedChanges }),
    ...('changes' in event && { changes: event.changes, during: event.during }),
    ...(event.type === 'save-failed' && { reason: event.reason }),
    ...(error && { error: { name: error.name, message: error.message, reason: (error as { reason?: string }).reason } }),
  };
}

/** An initial token from the endpoint, as a server-rendered page would embed it. */
async function initialJwt(): Promise<string | undefined> {
  if (params.get('initial') !== 'fetch') return undefined;
  const response = await fetch('/api/token', { method: 'POST' });
  return ((await response.json()) as { jwt: string }).jwt;
}

const page = { status: 'loading', marker: Math.random(), events: [], log: [], setSessionCalls: 0 } as unknown as SessionE2ePage;
window.__e2e = page;
let instance: Instance | undefined;

const rectangle = (pageIndex: number, n: number) =>
  new NutrientViewer.Annotations.RectangleAnnotation({
    pageIndex,
    boundingBox: new NutrientViewer.Geometry.Rect({ left: 40 + (n % 8) * 60, top: 60 + Math.floor(n / 8) * 60, width: 50, height: 40 }),
    strokeColor: NutrientViewer.Color.BLUE,
    strokeWidth: 3,
  });

Object.assign(page, {
  async startRectangle(pageIndex: number, n: number) {
    const [created] = await instance!.create(rectangle(pageIndex, n));
    return (created as { id: string }).id;
  },
  async createRectangle(pageIndex: number, n: number) {
    const [created] = await instance!.create(rectangle(pageIndex, n));
    await instance!.ensureChangesSaved(created!);
    return (created as { id: string }).id;
  },
  async moveAnnotation(id: string, dx: number) {
    const annotations = await instance!.getAnnotations(0);
    const annotation = annotations.find((candidate) => candidate.id === id);
    if (!annotation) throw new Error(`No annotation ${id} on page 1`);
    const moved = annotation.set('boundingBox', annotation.boundingBox.translate(new NutrientViewer.Geometry.Point({ x: dx, y: 0 })));
    const [updated] = await instance!.update(moved);
    await instance!.ensureChangesSaved(updated!);
  },
  async zoomTo(zoom: number) {
    instance!.setViewState((state) => state.set('zoom', zoom));
  },
  async goToPage(pageIndex: number) {
    instance!.setViewState((state) => state.set('currentPageIndex', pageIndex));
  },
  hasUnsavedChanges: () => instance!.hasUnsavedChanges(),
  readOnly: () => instance!.viewState.readOnly,
  async annotationIds() {
    const pages = await Promise.all(Array.from({ length: instance!.totalPageCount }, (_, index) => instance!.getAnnotations(index)));
    return pages.flatMap((list) => list.map((annotation) => annotation.id).toArray());
  },
  unloadBare: () => { NutrientViewer.unload(instance ?? '#viewer'); },
} satisfies Omit<SessionE2ePage, 'status' | 'marker' | 'events' | 'log' | 'setSessionCalls'>);

try {
  const session = await loadViewer({
    container: '#viewer',
    serverUrl: params.get('engine') ?? 'http://127.0.0.1:5181/',
    documentId: params.get('document') ?? 'sample',
    jwt: await initialJwt(),
    refresh: { url: '/api/token', method: 'POST' },
    instant: params.get('instant') === '1',
    // `?autoSave=disabled`: changes wait for a save, so a test can hold them pending at an end.
    ...(params.get('autoSave') === 'disabled' && { autoSaveMode: NutrientViewer.AutoSaveMode.DISABLED }),
    baseUrl: `${location.origin}/`,
    sdk: NutrientViewer,
    renewal: {
      proactive: params.get('proactive') !== '0',
      attemptTimeoutMs: number('attemptTimeoutMs'),
      budgetMs: number('budgetMs'),
    },
    onEvent: (event) => page.events.push(record(event)),
    // `?debug=1`: the log goes to the page (a function, so the SDK's logLevel is on too) and the performance track is on.
    ...(params.get('debug') === '1' && { debug: (entry) => page.log.push(entry), performanceTrack: true }),
  });
  instance = session.instance;
  // Count what the library hands the viewer after load (the token itself is never recorded).
  const setSession = instance.setSession.bind(instance);
  instance.setSession = (jwt: string) => {
    page.setSessionCalls++;
    setSession(jwt);
  };
  page.session = session;
  page.status = 'loaded';
} catch (error) {
  page.status = 'failed';
  page.loadError = { name: (error as Error).name, message: (error as Error).message };
}
