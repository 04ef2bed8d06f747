'use client';
// What a team writes: a client component with a ref for the container and one hook call.
import { useEffect, useRef } from 'react';
import { useViewerSession } from 'nutrient-viewer-session/react';
import type { SessionEvent } from 'nutrient-viewer-session';

export function Viewer(props: { serverUrl: string; documentId: string; refresh: string; onEvent?: (event: SessionEvent) => void }) {
  const container = useRef<HTMLDivElement>(null);
  const snapshot = useViewerSession(props, container);
  const { state, lastError } = snapshot;
  // For the tests: the snapshot, and the SDK module (the chunk the library imported).
  useEffect(() => {
    Object.assign(window, { exampleViewer: () => snapshot, exampleSdk: () => import('@nutrient-sdk/viewer') });
  });
  return (
    <>
      <p>
        state: <output id="state">{state}</output> {lastError && <span id="error">{lastError.message}</span>}
      </p>
      <div ref={container} className="viewer" style={{ width: '100%', height: '90vh' }} />
    </>
  );
}
