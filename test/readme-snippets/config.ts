// The reader's own values that the README's "Use" snippet imports from './config' (use.ts here).
// The other files in this folder are the README's TypeScript, TSX and Vue snippets, copied exactly
// (test/unit/readme-snippet.test.ts holds them equal; UPDATE_README_SNIPPETS=1 rewrites them), so
// `npm run typecheck` compiles them as a reader would paste them.
export const engineUrl = 'https://engine.example.com/';
export const documentId = 'doc_123';
export const tokenUrl = '/api/viewer-token';
