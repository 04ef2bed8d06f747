// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BASE_URL_META } from '../../src/viewer/assets.js';
import { browserEnvironment } from '../../src/session/environment.js';
import { isSessionError } from '../../src/errors/guards.js';
import { loadViewer } from '../../src/viewer/load-viewer.js';
import { fakeBrowser } from '../support/fake-browser.js';
import { jwtFor } from '../support/jwt.js';

afterEach(() => {
  vi.unstubAllGlobals();
  document.head.innerHTML = '';
});

/** An SDK whose load() fails the way the real one does when it cannot find its files. */
function failingSdk(error: unknown) {
  const configs: Array<{ baseUrl?: string }> = [];
  return {
    configs,
    sdk: {
      load: async (config: { baseUrl?: string }) => {
        configs.push(config);
        throw error;
      },
      unload: () => false,
    },
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
    environment: browserEnvironment(fakeBrowser().globals),
    ...more,
  });

function metaBaseUrl(content: string) {
  const meta = document.createElement('meta');
  meta.name = BASE_URL_META;
  meta.content = content;
  document.head.appendChild(meta);
}

describe('missing viewer assets', () => {
  it('without any baseUrl, the SDK\'s TypeError becomes a ViewerAssetsError that says what to do', async () => {
    const { sdk } = failingSdk(new TypeError("Cannot read properties of null (reading 'src')"));
    const error = await load(sdk).catch((e: unknown) => e);
    expect(isSessionError(error, 'viewer-assets')).toBe(true);
    expect((error as Error).message).toMatch(/nutrient-viewer-session\/vite/);
    expect((error as Error).message).toMatch(/baseUrl/);
  });

  it('takes baseUrl from the plugin\'s <meta>, and names the URL that failed when the files are not there', async () => {
    metaBaseUrl('/app/');
    const fetch = vi.fn(async () => new Response('Not found', { status: 404 }));
    vi.stubGlobal('fetch', fetch);
    const { sdk, configs } = failingSdk(new Error('Loading chunk 5340 failed'));
    const error = await load(sdk).catch((e: unknown) => e);
    const expected = new URL('/app/nutrient-viewer-lib/core-worker.js', document.baseURI).href;
    expect(configs[0]!.baseUrl).toBe(new URL('/app/', document.baseURI).href);
    expect(isSessionError(error, 'viewer-assets')).toBe(true);
    expect(error).toMatchObject({ url: expected });
    expect((error as Error).message).toContain(expected);
    expect((error as Error).message).toContain('HTTP 404');
  });

  it('sees a dev server\'s index.html fallback as missing files', async () => {
    const fetch = vi.fn(async () => new Response('<html></html>', { headers: { 'content-type': 'text/html' } }));
    vi.stubGlobal('fetch', fetch);
    const { sdk } = failingSdk(new Error('Loading chunk failed'));
    const error = await load(sdk, { baseUrl: 'http://cdn.test/sdk/' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'ViewerAssetsError', url: 'http://cdn.test/sdk/nutrient-viewer-lib/core-worker.js' });
    expect((error as Error).message).toContain('an HTML page');
  });

  it('names another SDK version\'s files than the JavaScript\'s, and the fix', async () => {
    const banner = '/*!\n * Nutrient Web SDK 1.18.0 (https://www.nutrient.io/sdk/web)\n */';
    vi.stubGlobal('fetch', vi.fn(async () => new Response(banner, { headers: { 'content-type': 'text/javascript' } })));
    const { sdk } = failingSdk(new Error('Loading chunk 1186 failed'));
    const error = await load(Object.assign(sdk, { version: '1.22.0' }), { baseUrl: 'http://cdn.test/sdk/' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'ViewerAssetsError', url: 'http://cdn.test/sdk/nutrient-viewer-lib/core-worker.js' });
    expect((error as Error).message).toMatch(/are SDK 1\.18\.0, its JavaScript is 1\.22\.0: copy this version's .*nutrient-viewer-copy-assets/);
  });

  it('the same version\'s files: the SDK\'s own error stands', async () => {
    const banner = '/*!\n * Nutrient Web SDK 1.22.0 (https://www.nutrient.io/sdk/web)\n */';
    vi.stubGlobal('fetch', vi.fn(async () => new Response(banner, { headers: { 'content-type': 'text/javascript' } })));
    const original = new Error('Document not found');
    const { sdk } = failingSdk(original);
    await expect(load(Object.assign(sdk, { version: '1.22.0' }), { baseUrl: 'http://cdn.test/sdk/' })).rejects.toBe(original);
  });

  it('leaves the SDK\'s own error alone when the files are there', async () => {
    const fetch = vi.fn(async () => new Response('/* js */', { headers: { 'content-type': 'text/javascript' } }));
    vi.stubGlobal('fetch', fetch);
    const original = new Error('Document not found');
    const { sdk } = failingSdk(original);
    await expect(load(sdk, { baseUrl: 'http://cdn.test/sdk/' })).rejects.toBe(original);
  });
});
