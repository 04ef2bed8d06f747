// What your app would write in: here from the query string (one entry per document), so one
// build runs against any engine; plus a counter of live sessions for the tests.
import type { SessionEvent } from 'nutrient-viewer-session';

export interface DocumentConfig {
  serverUrl: string;
  documentId: string;
  refresh: string;
}

const params = new URLSearchParams(location.search);
export const documents: DocumentConfig[] = JSON.parse(
  params.get('documents') ?? '[{"serverUrl":"https://engine.example.com/","documentId":"doc_123","refresh":"/api/viewer-token"}]',
);

const live = { sessions: 0 };
Object.assign(window, { exampleLive: live });
export function trackSessions(event: SessionEvent): void {
  if (event.type !== 'state') return;
  if (event.previous === 'starting' && event.state !== 'unloaded') live.sessions++;
  if (event.state === 'unloaded' && event.previous !== 'starting') live.sessions--;
}
