'use client';
// The test page: documents from the query string, show/hide and switch buttons, a count of live sessions.
import { useEffect, useState } from 'react';
import type { SessionEvent } from 'nutrient-viewer-session';
import { Viewer } from './viewer';

interface DocumentConfig {
  serverUrl: string;
  documentId: string;
  refresh: string;
}

const live = { sessions: 0 };
function trackSessions(event: SessionEvent): void {
  if (event.type !== 'state') return;
  if (event.previous === 'starting' && event.state !== 'unloaded') live.sessions++;
  if (event.state === 'unloaded' && event.previous !== 'starting') live.sessions--;
}

export function Demo() {
  const [documents, setDocuments] = useState<DocumentConfig[]>([]);
  const [shown, setShown] = useState(true);
  const [index, setIndex] = useState(0);
  useEffect(() => {
    Object.assign(window, { exampleLive: live });
    setDocuments(JSON.parse(new URLSearchParams(location.search).get('documents') ?? '[]'));
  }, []);
  const document = documents[index % Math.max(documents.length, 1)];
  return (
    <>
      <button id="toggle" onClick={() => setShown((value) => !value)}>Show / hide</button>
      <button id="switch" onClick={() => setIndex((value) => value + 1)}>Next document</button>
      {shown && document && <Viewer {...document} onEvent={trackSessions} />}
    </>
  );
}
