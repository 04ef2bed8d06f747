// A consumer page using this library as its README shows (src/index.ts is what the package's
// dist/index.js is built from; a consumer's bundler bundles its dependencies the same way).
// Reports when load() resolved, for bench/cold-start.ts.
import { loadViewer } from '../../src/index.js';

const params = new URLSearchParams(location.search);
loadViewer({
  container: '#viewer',
  serverUrl: params.get('engineUrl')!,
  documentId: params.get('documentId')!,
  refresh: '/api/token',
  baseUrl: `${location.origin}/`,
}).then(() => ((window as { __loadedAt?: number }).__loadedAt = performance.now()));
