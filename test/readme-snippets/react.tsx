import { useRef } from 'react';
import { useViewerSession } from 'nutrient-viewer-session/react';

const ENGINE_URL = 'https://engine.example.com/'; // your Document Engine

export function Viewer({ documentId }: { documentId: string }) {
  const container = useRef<HTMLDivElement>(null);
  const { state, lastError } = useViewerSession({ serverUrl: ENGINE_URL, documentId, refresh: '/api/viewer-token' }, container);
  return <div ref={container} style={{ height: '100vh' }} data-state={state} title={lastError?.message} />;
}
