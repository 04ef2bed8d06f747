import { loadViewer } from 'nutrient-viewer-session';
import { engineUrl, documentId, tokenUrl } from './config'; // your app's values (see the comments below)

const session = await loadViewer({
  container: '#viewer',
  serverUrl: engineUrl, // your Document Engine, e.g. 'https://engine.example.com/'
  documentId,
  refresh: tokenUrl, // your token endpoint, e.g. '/api/viewer-token': GET, answers { "jwt": "…" }
});

session.on('ended', () => alert('Please sign in again')); // your endpoint said 401/403
