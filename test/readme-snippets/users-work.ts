import { loadViewer } from 'nutrient-viewer-session';

const session = await loadViewer({
  container: '#viewer', serverUrl: 'https://engine.example.com/', documentId: 'doc_123', refresh: '/api/viewer-token',
  afterSignOut: 'read-only', // the default; or 'keep', or 'unload'
  saveTimeoutMs: 5_000, // the longest a save before an end or an unload may take
  confirmLeave: true, // the browser asks before the page is left with changes unsaved
});
session.on('save-failed', ({ changes, reason, during }) => console.warn(`${changes} changes not saved (${reason}, ${during})`));
session.on('ended', ({ unsavedChanges }) => alert(`Please sign in again${unsavedChanges ? `: ${unsavedChanges} changes were not saved` : ''}`));
if (session.unsavedChanges > 0) await session.save(); // resolves with { unsaved, reason }, never rejects
