// The React app of react-ours.ts without the adapter: what React alone puts in the first chunk.
import { createElement, useRef } from 'react';
import { createRoot } from 'react-dom/client';

function Viewer() {
  const container = useRef<HTMLDivElement>(null);
  return createElement('div', { ref: container, style: { height: '100vh' } });
}
createRoot(document.getElementById('viewer')!).render(createElement(Viewer));
