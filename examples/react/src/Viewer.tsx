// What a team writes: a ref for the container and one hook call.
import { useRef } from 'react';
import { useViewerSession } from 'nutrient-viewer-session/react';
import type { SessionEvent } from 'nutrient-viewer-session';

export function Viewer(props: { serverUrl: string; documentId: string; refresh: string; onEvent?: (event: SessionEvent) => void }) {
  const container = useRef<HTMLDivElement>(null);
  const { state, lastError } = useViewerSession(props, container);
  return (
    <>
      <p>
        state: <output id="state">{state}</output> {lastError && <span id="error">{lastError.message}</span>}
      </p>
      <div ref={container} className="viewer" />
    </>
  );
}
