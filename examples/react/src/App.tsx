import { useState } from 'react';
import { Viewer } from './Viewer';
import { documents, trackSessions } from './config';

export function App() {
  const [shown, setShown] = useState(true);
  const [index, setIndex] = useState(0);
  const document = documents[index % documents.length]!;
  return (
    <>
      <button id="toggle" onClick={() => setShown((value) => !value)}>Show / hide</button>
      <button id="switch" onClick={() => setIndex((value) => value + 1)}>Next document</button>
      {shown && <Viewer {...document} onEvent={trackSessions} />}
    </>
  );
}
