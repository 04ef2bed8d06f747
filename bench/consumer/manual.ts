// The README's Angular snippet's calls without Angular: createViewerSession, the SDK imported
// with import() so it stays lazy. The session code is in the first chunk: createViewerSession is it.
import { createViewerSession } from '../../src/index.js';

const container = document.getElementById('viewer')!;
const documentId = 'doc_123';
const session = createViewerSession({ documentId, refresh: '/api/token' });
const { default: NutrientViewer } = await import('@nutrient-sdk/viewer');
const instance = await NutrientViewer.load({
  container, serverUrl: 'https://engine.example.com/', documentId, baseUrl: `${location.origin}/`, instant: false,
  ...(await session.loadConfiguration()),
});
session.attach(instance, { sdk: NutrientViewer, container });
