import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, vi } from 'vitest';
import { browserEnvironment } from '../../src/session/environment.js';
import { SessionEvents, type SessionEvent, type SessionEventType } from '../../src/session/events.js';
import { resolveRenewalOptions, type RenewalOptions } from '../../src/policy/options.js';
import type { RefreshSource } from '../../src/tokens/refresh-source.js';
import { Renewer, type RenewerSetup } from '../../src/session/renewer.js';
import { fakeBrowser } from './fake-browser.js';
import type { SessionLog } from '../../src/diagnostics/session-log.js';
import { TOKEN_URL, tokenEndpoint } from './token-endpoint.js';

export const T0 = Date.UTC(2026, 0, 1);

/** msw on, fake timers from T0; fetch's own machinery (microtasks, setImmediate) stays real. */
export function useFakeTokenWorld() {
  const server = setupServer();
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  beforeEach(() => {
    vi.useFakeTimers({ now: T0, toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date', 'performance'] });
  });
  afterEach(() => {
    server.resetHandlers();
    vi.useRealTimers();
  });
  afterAll(() => server.close());
  return server;
}

/**
 * A Renewer with test defaults (the msw token URL, default options, a fake browser, document
 * `doc-1`, a viewer that takes every token), its viewer marked as loaded unless `viewerReady: false`.
 */
export function newRenewer(setup: Partial<RenewerSetup> & { viewerReady?: boolean } = {}): Renewer {
  const { viewerReady = true, ...overrides } = setup;
  const renewer = new Renewer({
    source: TOKEN_URL,
    options: resolveRenewalOptions(),
    env: browserEnvironment(fakeBrowser().globals),
    events: new SessionEvents(),
    documentId: 'doc-1',
    apply: () => {},
    ...overrides,
  });
  if (viewerReady) renewer.markViewerReady(); // a viewer is there to take tokens, as after loadViewer
  return renewer;
}

/** A Renewer wired to an msw token endpoint and a fake browser, recording events and applied tokens. */
export function renewerFor(
  server: ReturnType<typeof setupServer>,
  { renewal, endpoint: endpointOptions, source, apply, log }: {
    renewal?: RenewalOptions;
    endpoint?: Parameters<typeof tokenEndpoint>[0];
    source?: RefreshSource;
    /** What to record for each setSession (default: the token). */
    apply?: (jwt: string) => unknown;
    /** The session log (`debug`, `diagnose()`); default: one that gives entries to nobody. */
    log?: SessionLog;
  } = {},
) {
  const endpoint = tokenEndpoint(endpointOptions);
  server.use(endpoint.handler);
  const browser = fakeBrowser();
  const events = new SessionEvents();
  const seen: SessionEvent[] = [];
  events.subscribe((event) => seen.push(event));
  const applied: unknown[] = [];
  const renewer = newRenewer({
    source: source ?? TOKEN_URL,
    options: resolveRenewalOptions(renewal),
    env: browserEnvironment(browser.globals),
    events,
    documentId: endpointOptions?.documentId ?? 'doc-1',
    apply: (jwt) => { applied.push(apply ? apply(jwt) : jwt); },
    ...(log && { log }),
  });

  const ofType = <T extends SessionEventType>(type: T) =>
    seen.filter((event): event is Extract<SessionEvent, { type: T }> => event.type === type);
  return { renewer, endpoint, browser, events, seen, applied, ofType };
}

/** Settles a promise's outcome without an unhandled rejection while timers advance. */
export function settle<T>(promise: Promise<T>) {
  const outcome: { value?: T; error?: unknown; done: boolean } = { done: false };
  promise.then(
    (value) => Object.assign(outcome, { value, done: true }),
    (error: unknown) => Object.assign(outcome, { error, done: true }),
  );
  return outcome;
}
