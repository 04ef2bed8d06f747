// The whole system for the model test (system-model.test.ts): several tabs of one user, each a
// session through the public API (loadViewer, or createViewerSession + attach), on SDKs with
// setSession (fake-sdk + fake-engine) and without (fake-old-sdk: swaps), on two documents, sharing
// over one in-memory channel; one token endpoint (msw) with its own clock and a queue of bad
// answers; a page clock for animation frames that stops in hidden tabs. The fakes keep their
// habits: nothing here answers for the code under test, it only records what happened.
import { http, HttpResponse } from 'msw';
import type { setupServer } from 'msw/node';
import { browserEnvironment } from '../../src/session/environment.js';
import type { SessionEvent } from '../../src/session/events.js';
import type { LogEntry } from '../../src/diagnostics/log-entry.js';
import { loadViewer } from '../../src/viewer/load-viewer.js';
import { createViewerSession, type ViewerSession } from '../../src/session/session.js';
import { fakeBrowser } from './fake-browser.js';
import { createFakeOldSdk, type FakeOldInstance } from './fake-old-sdk.js';
import { createFakeSdk, FakeEngine, type FakeInstance } from './fake-sdk.js';
import { makeJwt } from './jwt.js';
import { memoryChannels } from './memory-channel.js';
import { settle } from './renewer-harness.js';

export const TOKEN_BASE = 'http://app.test/api/viewer-token';
export const SERVER_URL = 'http://engine.test/';
export const LIFETIME_SEC = 300;
export type Doc = 'doc-1' | 'doc-2';
export type Answer = 'ok' | '503-0' | '503-huge' | '429' | 'network' | 'hang' | '401' | '403';
export type Loop = 'none' | 'renewed' | 'error' | 'both';

export interface TabSpec {
  doc: Doc;
  /** 'new': an SDK with setSession; 'old': without (loadViewer swaps viewers). */
  sdk: 'new' | 'old';
  /** 'attach': createViewerSession + attach (new SDK only). */
  api: 'load' | 'attach';
  /** The app calls renew() from these listeners. */
  loop: Loop;
  /** A preview tab: its endpoint mints read-only tokens (other claims than the editors'). */
  preview: boolean;
  /** The SDK's autoSaveMode: its default (INTELLIGENT without Instant), or DISABLED (edits wait for a save). */
  autoSave?: 'default' | 'disabled';
}

/** What the tokens a tab may hold must say: its document and its rights. */
export const rightsOf = (spec: TabSpec): string[] => (spec.preview ? ['read-document'] : ['read-document', 'write', 'download']);

export interface Tab {
  id: number;
  spec: TabSpec;
  browser: ReturnType<typeof fakeBrowser>;
  events: SessionEvent[];
  /** What the session's `debug` function received. */
  log: LogEntry[];
  session: ViewerSession<any> | undefined;
  /** `instance` of the session, typed loosely (new or old fake). */
  instance(): (FakeInstance | FakeOldInstance) | undefined;
  /** Every viewer of this tab, unloaded ones included. */
  viewers(): (FakeInstance | FakeOldInstance)[];
  /** Every JWT handed to a viewer of this tab: load configurations and setSession calls. */
  handed: string[];
  /** The JWT the shown viewer holds now. */
  holds(): string | undefined;
  loading: ReturnType<typeof settle<unknown>>;
  abort: AbortController;
  unloaded: boolean;
  hidden: boolean;
  /** Viewer requests: when they started (performance.now()) and how they settled. */
  requests: { at: number; healthy: boolean; outcome: ReturnType<typeof settle<unknown>> }[];
  /** SDK without setSession: viewers loaded (a swap's included) with a token the server's clock called expired, while the clocks agreed. */
  expiredLoads: number;
}

export function systemWorld(server: ReturnType<typeof setupServer>) {
  const skew = { ms: 0 }; // the server's clock minus the browsers'
  const serverNow = () => Date.now() + skew.ms;
  const engines = {
    'doc-1': new FakeEngine({ documentId: 'doc-1', get clockSkewMs() { return skew.ms; } } as never),
    'doc-2': new FakeEngine({ documentId: 'doc-2', get clockSkewMs() { return skew.ms; } } as never),
  };
  const channels = memoryChannels();
  const queue: Answer[] = [];
  /** Token requests: by tab, at performance.now(). */
  const tokenRequests: { tab: number; at: number }[] = [];
  /** Every JWT minted (by the endpoint or forged), to look for in events. */
  const minted: string[] = [];
  /** Documents a 403 was served for; whether a 401 signed the user out. */
  const forbidden = new Set<Doc>();
  const signedOut = { any: false };
  const hanging = new Set<() => void>();
  let served = 0;

  server.use(
    http.all(TOKEN_BASE, async ({ request }) => {
      const url = new URL(request.url);
      const tab = Number(url.searchParams.get('tab'));
      // The document comes from the library, as the README's endpoint reads it: nothing else names it.
      const doc = url.searchParams.get('documentId') as Doc | null;
      if (doc !== 'doc-1' && doc !== 'doc-2') return new HttpResponse('which document?', { status: 400 });
      const preview = url.searchParams.get('preview') === '1';
      tokenRequests.push({ tab, at: performance.now() });
      served++;
      const answer = queue.shift() ?? 'ok';
      const now = serverNow();
      const date = served % 2 ? { date: new Date(now).toUTCString() } : undefined; // not every answer has a Date header
      switch (answer) {
        case '503-0':
          return new HttpResponse('busy', { status: 503, headers: { 'retry-after': '0', ...date } });
        case '503-huge':
          return new HttpResponse('busy', { status: 503, headers: { 'retry-after': '86400', ...date } });
        case '429':
          return new HttpResponse('slow down', { status: 429, headers: { 'retry-after': '30', ...date } });
        case 'network':
          return HttpResponse.error();
        case 'hang':
          return new Promise<Response>((resolve) => {
            const done = () => (hanging.delete(done), resolve(HttpResponse.error()));
            hanging.add(done);
            request.signal.addEventListener('abort', done);
          });
        case '401':
          signedOut.any = true;
          return new HttpResponse('no', { status: 401 });
        case '403':
          forbidden.add(doc);
          return new HttpResponse('not yours', { status: 403 });
      }
      const jwt = tokenFor(doc, preview, now, { iat: served % 3 !== 0 });
      return HttpResponse.json({ jwt }, { headers: date });
    }),
  );

  let jti = 0;
  function tokenFor(doc: Doc, preview: boolean, now: number, { iat = true } = {}): string {
    const seconds = Math.floor(now / 1000);
    const jwt = makeJwt({
      document_id: doc,
      permissions: preview ? ['read-document'] : ['read-document', 'write', 'download'],
      ...(iat && { iat: seconds }),
      exp: seconds + LIFETIME_SEC,
      jti: `system-${++jti}`,
    });
    minted.push(jwt);
    return jwt;
  }

  // Animation frames, per tab: a hidden tab draws none (its callbacks wait until it is shown).
  // A frame is attributed to the tab whose viewer last had its view state set (a swap restoring
  // the view calls requestAnimationFrame right after), or whose frame callback is running.
  let frameOwner: Tab | undefined;
  const frames: { owner: Tab | undefined; draw: FrameRequestCallback }[] = [];
  let pump: ReturnType<typeof setTimeout> | undefined;
  const schedulePump = () => {
    if (pump === undefined && frames.some((f) => !f.owner?.hidden)) pump = setTimeout(drawFrame, 16);
  };
  function drawFrame() {
    pump = undefined;
    const due = frames.filter((f) => !f.owner?.hidden);
    frames.splice(0, frames.length, ...frames.filter((f) => f.owner?.hidden));
    for (const { owner, draw } of due) {
      frameOwner = owner;
      draw(performance.now());
    }
    schedulePump();
  }
  window.requestAnimationFrame = (draw) => {
    frames.push({ owner: frameOwner, draw });
    schedulePump();
    return frames.length;
  };

  const tabs: Tab[] = [];
  /** Every performance.measure call, as the session made it (the fake performance keeps none). */
  const measures: { name: string; options: unknown }[] = [];
  const measure = performance.measure;
  performance.measure = ((name: string, options: unknown) => (measures.push({ name, options }), undefined)) as never;

  function open(spec: TabSpec): Tab {
    const id = tabs.length;
    const browser = fakeBrowser();
    const events: SessionEvent[] = [];
    const log: LogEntry[] = [];
    const container = document.createElement('div');
    document.body.append(container);
    const handed: string[] = [];
    const abort = new AbortController();
    const refresh = `${TOKEN_BASE}?tab=${id}&preview=${spec.preview ? 1 : 0}`;
    const common = {
      documentId: spec.doc,
      refresh,
      environment: browserEnvironment(browser.globals),
      onEvent: (event: SessionEvent) => events.push(event),
      sharing: { scope: 'user-1', channel: channels.factory },
      serverUrl: SERVER_URL,
      debug: (entry: LogEntry) => log.push(entry),
      performanceTrack: true,
    };
    const autoSave = spec.autoSave === 'disabled' ? { autoSaveMode: 'DISABLED' as never } : {};
    let viewers: () => (FakeInstance | FakeOldInstance)[];
    let loading: Promise<ViewerSession<any>>;
    const tab: Tab = {
      id, spec, browser, events, log, handed, abort, session: undefined, unloaded: false, hidden: false, requests: [], expiredLoads: 0,
      instance: () => tab.session?.instance,
      viewers: () => viewers(),
      holds: () => {
        const instance = tab.instance();
        if (!instance) return undefined;
        return 'jwt' in instance ? instance.jwt : (instance.setSessionCalls.at(-1) ?? handed[0]);
      },
      loading: undefined as never,
    };
    if (spec.sdk === 'old') {
      const sdk = createFakeOldSdk({ now: serverNow });
      viewers = () => sdk.instances;
      const load = sdk.load.bind(sdk);
      sdk.load = async (config) => {
        handed.push(config.authPayload.jwt);
        if (skew.ms === 0 && !validByServer(config.authPayload.jwt)) tab.expiredLoads++;
        const instance = await load(config);
        const setViewState = instance.setViewState.bind(instance);
        instance.setViewState = (update) => ((frameOwner = tab), setViewState(update));
        return instance;
      };
      loading = loadViewer<any>({ ...common, container, sdk: sdk as never, signal: abort.signal });
    } else {
      const sdk = createFakeSdk(engines[spec.doc]);
      viewers = () => sdk.instances;
      const load = sdk.load.bind(sdk);
      sdk.load = (config) => (handed.push(config.authPayload?.jwt), load(config));
      const setSessions = () => sdk.instances.flatMap((instance) => instance.setSessionCalls);
      const loads = handed;
      Object.defineProperty(tab, 'handed', { get: () => [...loads, ...setSessions()] });
      tab.holds = () => {
        const instance = tab.instance() as FakeInstance | undefined;
        if (!instance) return undefined;
        return instance.setSessionCalls.at(-1) ?? loads.at(-1);
      };
      if (spec.api === 'load') {
        loading = loadViewer<any>({ ...common, ...autoSave, container, sdk: sdk as never, signal: abort.signal });
      } else {
        const session = createViewerSession<any>({ ...common, signal: abort.signal });
        tab.session = session;
        loading = (async () => {
          const instance = await sdk.load({ container, serverUrl: SERVER_URL, documentId: spec.doc, instant: false, ...autoSave, ...(await session.loadConfiguration()) });
          session.attach(instance, { sdk: sdk as never, container });
          return session;
        })();
      }
    }
    tab.loading = settle(
      loading.then((session) => {
        tab.session = session;
        if (spec.loop === 'renewed' || spec.loop === 'both') session.on('renewed', () => void session.renew().catch(() => {}));
        if (spec.loop === 'error' || spec.loop === 'both') session.on('error', () => void session.renew().catch(() => {}));
        return session;
      }),
    );
    tabs.push(tab);
    return tab;
  }

  /** The viewer makes a request: the new SDK through its engine (401, soft refresh, onAuthFailed); the old one only uses its token. */
  function request(tab: Tab, healthy: boolean): void {
    const instance = tab.instance();
    if (!instance || tab.unloaded) return;
    if ('request' in instance) tab.requests.push({ at: performance.now(), healthy, outcome: settle(instance.request()) });
    else {
      const ok = validByServer(instance.jwt);
      tab.requests.push({ at: performance.now(), healthy, outcome: settle(ok ? Promise.resolve() : Promise.reject(new Error('401 old viewer'))) });
    }
  }

  function validByServer(jwt: string | undefined): boolean {
    const exp = jwt && (JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString()) as { exp?: number }).exp;
    return typeof exp === 'number' && exp * 1000 > serverNow();
  }

  /** The user draws `count` annotations in the tab's viewer (SDKs with setSession: the fake with an engine). */
  function edit(tab: Tab, count: number): void {
    const instance = tab.instance();
    if (!instance || tab.unloaded || !('draw' in instance)) return;
    for (let i = 0; i < count; i++) instance.draw(`t${tab.id}-${drawn++}`);
  }
  let drawn = 0;

  function unload(tab: Tab): void {
    tab.unloaded = true;
    tab.abort.abort();
    tab.session?.unload();
  }

  function hide(tab: Tab, hidden: boolean): void {
    tab.hidden = hidden;
    if (hidden) tab.browser.hide();
    else tab.browser.show();
    schedulePump();
  }

  /** A message from "another tab" that is not one of ours: anything on the origin may post. */
  function post(message: unknown): void {
    const channel = channels.factory('nutrient-viewer-session:user-1')!;
    channel.postMessage(message);
    channel.close();
  }

  function dispose(): void {
    for (const tab of tabs) unload(tab);
    for (const done of [...hanging]) done();
    if (pump !== undefined) clearTimeout(pump);
    frames.length = 0;
    performance.measure = measure;
  }

  return {
    tabs, measures, open, request, edit, unload, hide, post, dispose, queue, tokenRequests, minted, forbidden, signedOut, skew, serverNow, validByServer, tokenFor, engines,
  };
}

export type SystemWorld = ReturnType<typeof systemWorld>;
