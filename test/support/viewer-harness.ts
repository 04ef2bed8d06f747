import type { setupServer } from 'msw/node';
import { browserEnvironment } from '../../src/session/environment.js';
import type { SessionEvent, SessionEventType } from '../../src/session/events.js';
import { loadViewer, type LoadViewerOptions } from '../../src/viewer/load-viewer.js';
import { fakeBrowser } from './fake-browser.js';
import { createFakeSdk, FakeEngine, type FakeInstance, type FakeSdkOptions } from './fake-sdk.js';
import { type Presence, TOKEN_URL, tokenEndpoint } from './token-endpoint.js';

type Overrides = Partial<LoadViewerOptions<FakeInstance>> & {
  sdkOptions?: FakeSdkOptions;
  lifetimeSec?: number;
  skewMs?: number;
  /** Token endpoint habits: Date header and iat presence (default: varied). */
  date?: Presence;
  iat?: Presence;
};

/** loadViewer against the fake SDK and engine, an msw token endpoint and a fake browser. */
export function viewerWorld(server: ReturnType<typeof setupServer>, { sdkOptions, lifetimeSec = 300, skewMs = 0, date, iat, ...options }: Overrides = {}) {
  const engine = new FakeEngine({ documentId: 'doc-1', clockSkewMs: skewMs });
  const sdk = createFakeSdk(engine, sdkOptions);
  const endpoint = tokenEndpoint({ documentId: 'doc-1', lifetimeSec, skewMs, date, iat });
  server.use(endpoint.handler);
  const browser = fakeBrowser();
  const events: SessionEvent[] = [];
  const load = (more: Partial<LoadViewerOptions<FakeInstance>> = {}) =>
    loadViewer<FakeInstance>({
      container: '#viewer',
      serverUrl: 'http://engine.test/',
      documentId: 'doc-1',
      refresh: TOKEN_URL,
      sdk,
      environment: browserEnvironment(browser.globals),
      onEvent: (event) => events.push(event),
      ...options,
      ...more,
    });
  const ofType = <T extends SessionEventType>(type: T) =>
    events.filter((event): event is Extract<SessionEvent, { type: T }> => event.type === type);
  return { engine, sdk, endpoint, browser, events, ofType, load };
}
