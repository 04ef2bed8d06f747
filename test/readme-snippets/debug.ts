import { loadViewer } from 'nutrient-viewer-session';

const session = await loadViewer({
  container: '#viewer',
  serverUrl: 'https://engine.example.com/',
  documentId: 'doc_123',
  refresh: '/api/viewer-token',
  debug: true, // console lines with a rule and a reason, the Performance panel track, and the SDK's logLevel (1.17+)
});
console.log(JSON.stringify(session.diagnose(), null, 2)); // for the ticket
