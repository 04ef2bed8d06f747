// The README's React snippet (createElement instead of JSX, so no plugin is needed): the first
// chunk with the adapter, to compare with react-bare.ts. src/react is what dist/react.js is built from.
import { createElement, useRef } from 'react';
import { createRoot } from 'react-dom/client';
import { useViewerSession } from '../../src/react/index.js';

function Viewer({ documentId }: { documentId: string }) {
  const container = useRef<HTMLDivElement>(null);
  const { state, lastError } = useViewerSession({ serverUrl: 'https://engine.example.com/', documentId, refresh: '/api/token' }, container);
  return createElement('div', { ref: container, style: { height: '100vh' }, 'data-state': state, title: lastError?.message });
}
createRoot(document.getElementById('viewer')!).render(createElement(Viewer, { documentId: 'doc_123' }));
