// @vitest-environment happy-dom
// A load that fails because of what the page did to the viewer's files says so: the page's
// Content-Security-Policy blocked WebAssembly, a worker or a file under baseUrl (the browser's
// securitypolicyviolation events during the load), or a .wasm came with another type than
// application/wasm. The SDK here fails the way the browser makes it fail; the events and the
// answers are what Chromium sends.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { isSessionError } from '../../src/errors/guards.js';
import { browserEnvironment } from '../../src/session/environment.js';
import { loadViewer } from '../../src/viewer/load-viewer.js';
import { fakeBrowser } from '../support/fake-browser.js';
import { jwtFor } from '../support/jwt.js';

const BASE = 'http://cdn.test/sdk/';
const banner = () => new Response('/*!\n * Nutrient Web SDK 1.22.0 (https://www.nutrient.io/sdk/web)\n */', { headers: { 'content-type': 'text/javascript' } });

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

/** The browser's report of a CSP violation. */
const violation = (blockedURI: string, effectiveDirective: string) =>
  Object.assign(new Event('securitypolicyviolation'), { blockedURI, effectiveDirective });

/** An SDK whose load() meets `before` (violations the browser reports), then fails with `error` (or never settles). */
function sdkThatFails(error: unknown, before: Event[] = []) {
  return {
    version: '1.22.0',
    load: async () => {
      for (const event of before) document.dispatchEvent(event);
      if (error === 'hang') return new Promise(() => {});
      throw error;
    },
    unload: () => false,
  };
}

const load = (sdk: object, more: object = {}) =>
  loadViewer({
    container: document.body,
    serverUrl: 'http://engine.test/',
    documentId: 'doc-1',
    jwt: jwtFor('doc-1', 300),
    refresh: async () => jwtFor('doc-1', 300),
    sdk: sdk as never,
    baseUrl: BASE,
    environment: browserEnvironment(fakeBrowser().globals),
    ...more,
  }).then(
    () => new Error('loaded'),
    (e: unknown) => e as Error,
  );

describe('the page\'s Content-Security-Policy', () => {
  it('blocked WebAssembly: ViewerAssetsError saying to add \'wasm-unsafe-eval\' to script-src', async () => {
    const error = await load(sdkThatFails(new Error('WebAssembly.instantiate(): Refused to compile'), [violation('wasm-eval', 'script-src')]));
    expect(isSessionError(error, 'viewer-assets')).toBe(true);
    expect(error.message).toMatch(/blocked the viewer's WebAssembly: add 'wasm-unsafe-eval' to script-src/);
  });

  it('blocked the SDK\'s blob: worker: names worker-src and blob:', async () => {
    const error = await load(sdkThatFails(new Error('Worker failed'), [violation('blob', 'worker-src')]));
    expect(error.message).toMatch(/blocked the viewer's worker \(blob\): add blob: to worker-src/);
  });

  it('blocked a file under baseUrl: names the file, the directive and the origin to allow', async () => {
    const css = `${BASE}nutrient-viewer-lib/nutrient-viewer-1.22.0.css`;
    const error = await load(sdkThatFails(new Error('Failed to load CSS'), [violation(css, 'style-src-elem')]));
    expect(error).toMatchObject({ name: 'ViewerAssetsError', url: css });
    expect(error.message).toMatch(/blocked .*nutrient-viewer-1\.22\.0\.css \(style-src-elem\): allow http:\/\/cdn\.test in style-src-elem/);
  });

  it('a load that hangs on a blocked worker ends at its time limit with what was blocked', async () => {
    const error = await load(sdkThatFails('hang', [violation('blob', 'worker-src')]), { loadTimeoutMs: 20 });
    expect(error.message).toMatch(/add blob: to worker-src/);
    expect(isSessionError(error.cause, 'load-timeout')).toBe(true);
  });

  it('another origin\'s violation (an analytics script) does not take the blame: the SDK\'s error stands', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => banner()));
    const original = new Error('Document not found');
    const error = await load(sdkThatFails(original, [violation('https://analytics.example/x.js', 'script-src-elem')]));
    expect(error).toBe(original);
  });
});

describe('.wasm served with another type than application/wasm', () => {
  it('names the file, the type it came with and the fix', async () => {
    const wasm = `${BASE}nutrient-viewer-lib/nutrient-viewer-0c19df836a919609.wasm`;
    vi.spyOn(performance, 'getEntriesByType').mockReturnValue([{ name: wasm } as PerformanceEntry]);
    vi.stubGlobal('fetch', vi.fn(async (url: string) =>
      url === wasm ? new Response(null, { headers: { 'content-type': 'application/octet-stream' } }) : banner()));
    const error = await load(sdkThatFails(new TypeError("WebAssembly: Response has unsupported MIME type 'application/octet-stream'")));
    expect(error).toMatchObject({ name: 'ViewerAssetsError', url: wasm });
    expect(error.message).toMatch(/is served as 'application\/octet-stream': serve \.wasm files as application\/wasm/);
  });

  it('served right: the SDK\'s error stands', async () => {
    const wasm = `${BASE}nutrient-viewer-lib/nutrient-viewer-0c19df836a919609.wasm`;
    vi.spyOn(performance, 'getEntriesByType').mockReturnValue([{ name: wasm } as PerformanceEntry]);
    vi.stubGlobal('fetch', vi.fn(async (url: string) =>
      url === wasm ? new Response(null, { headers: { 'content-type': 'application/wasm' } }) : banner()));
    const original = new Error('Document not found');
    expect(await load(sdkThatFails(original))).toBe(original);
  });
});
