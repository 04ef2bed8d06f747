// What your app would write in: here from the query string, so one build runs against any engine.
const params = new URLSearchParams(location.search);
export const engineUrl = params.get('serverUrl') ?? 'https://engine.example.com/';
export const documentId = params.get('documentId') ?? 'doc_123';
export const tokenUrl = params.get('refresh') ?? '/api/viewer-token';
