// Where the SDK's runtime files (nutrient-viewer-lib/) are, and a clear error when they are not there.
import { ViewerAssetsError } from '../errors/load-errors.js';

/**
 * The `<meta>` the Vite plugin (or your HTML) adds to say where `nutrient-viewer-lib/` is served from.
 * @example <meta name="nutrient-viewer-base-url" content="/static/">
 */
export const BASE_URL_META = 'nutrient-viewer-base-url';
/** A file every SDK version ships under nutrient-viewer-lib/, with a stable name. */
const PROBE_FILE = 'nutrient-viewer-lib/core-worker.js';

/** `baseUrl` from the page's `<meta name="nutrient-viewer-base-url">`, made absolute; undefined outside a page. */
export function pageBaseUrl(): string | undefined {
  const doc = (globalThis as { document?: Document }).document;
  const content = doc?.querySelector?.(`meta[name="${BASE_URL_META}"]`)?.getAttribute('content');
  if (!content) return undefined;
  const url = new URL(content, doc!.baseURI).href;
  return url.endsWith('/') ? url : `${url}/`;
}

/** Every SDK's core-worker.js opens with this banner (Nutrient Web SDK 1.x, PSPDFKit for Web before). */
const banner = /(?:Nutrient Web SDK|PSPDFKit for Web) (\d+\.\d+\.\d+)/;

/**
 * After `load()` failed for a reason other than auth: if the assets are the cause (missing, a page
 * instead of them, or another SDK version's than the JavaScript's `sdkVersion`), a ViewerAssetsError
 * saying which URL failed and the fix; otherwise undefined (the SDK's own error stands).
 */
export async function diagnoseAssets(baseUrl: string | undefined, loadError: unknown, sdkVersion?: unknown): Promise<ViewerAssetsError | undefined> {
  const inPage = typeof (globalThis as { document?: unknown }).document !== 'undefined';
  if (!inPage || typeof fetch !== 'function') return undefined;
  if (!baseUrl) {
    // Bundled, the SDK finds its files from document.currentScript, which is null: a TypeError.
    if (!(loadError instanceof TypeError)) return undefined;
    return new ViewerAssetsError(
      undefined,
      'The viewer found no baseUrl for its nutrient-viewer-lib/ files: add nutrientViewerAssets() from ' +
        "'nutrient-viewer-session/vite' to your Vite config, or serve the folder yourself and pass baseUrl",
      loadError,
    );
  }
  const url = new URL(PROBE_FILE, baseUrl).href;
  let problem: string | undefined;
  let served: string | undefined;
  try {
    const response = await fetch(url, { method: 'GET', cache: 'no-store' });
    const type = response.headers.get('content-type') ?? '';
    // A dev server's SPA fallback answers index.html with 200 for any path.
    if (!response.ok) problem = `HTTP ${response.status}`;
    else if (type.includes('text/html')) problem = 'an HTML page';
    else served = banner.exec((await response.text()).slice(0, 400))?.[1];
  } catch (error) {
    problem = `a network error (${error instanceof Error ? error.message : String(error)})`;
  }
  if (!problem && served && typeof sdkVersion === 'string' && served !== sdkVersion) {
    return new ViewerAssetsError(
      url,
      `The viewer's files at ${url} are SDK ${served}, its JavaScript is ${sdkVersion}: copy this version's ` +
        'node_modules/@nutrient-sdk/viewer/dist/nutrient-viewer-lib/ there again (npx nutrient-viewer-copy-assets, or the Vite plugin)',
      loadError,
    );
  }
  if (!problem) return undefined;
  return new ViewerAssetsError(
    url,
    `The viewer's files are not at ${url} (got ${problem}): serve node_modules/@nutrient-sdk/viewer/dist/nutrient-viewer-lib/ ` +
      'under baseUrl (the Vite plugin does) or fix baseUrl',
    loadError,
  );
}
