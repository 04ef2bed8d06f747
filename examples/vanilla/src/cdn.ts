// The SDK's CDN build: a <script> from the CDN defines window.NutrientViewer, and its files come
// from the same CDN folder. In your page that is one tag, <script src="https://…/nutrient-viewer.js">;
// here the CDN's address comes from the query string (a local stand-in in the tests).
import { loadViewer } from 'nutrient-viewer-session';
import { engineUrl, documentId, tokenUrl } from './config';

const cdn = new URLSearchParams(location.search).get('cdn') ?? 'https://cdn.example.com/nutrient-viewer/1.22.0/';
await new Promise((loaded, failed) =>
  document.head.append(Object.assign(document.createElement('script'), { src: `${cdn}nutrient-viewer.js`, onload: loaded, onerror: failed })),
);

const session = await loadViewer({
  container: '#viewer',
  serverUrl: engineUrl,
  documentId,
  refresh: tokenUrl,
  sdk: (window as unknown as { NutrientViewer: never }).NutrientViewer, // the CDN build's global
  baseUrl: cdn, // the CDN folder that holds nutrient-viewer-lib/
});

Object.assign(window, { exampleSession: session, exampleSdk: async () => ({ default: (window as any).NutrientViewer }) });
