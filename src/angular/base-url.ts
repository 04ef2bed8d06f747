// Where an Angular app serves nutrient-viewer-lib/: the README's angular.json glob copies it to the
// root of the build output, which is the document's base (`<base href>`).
import { pageBaseUrl } from '../viewer/assets.js';

/** The page's `<meta name="nutrient-viewer-base-url">`, else the document's base URL; undefined outside a page. */
export function angularBaseUrl(): string | undefined {
  const fromMeta = pageBaseUrl();
  if (fromMeta) return fromMeta;
  const doc = (globalThis as { document?: Document }).document;
  return doc?.baseURI ? new URL('./', doc.baseURI).href : undefined;
}
