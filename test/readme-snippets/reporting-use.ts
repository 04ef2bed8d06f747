import * as Sentry from '@sentry/browser';
import { trace } from '@opentelemetry/api';
import { loadViewer } from 'nutrient-viewer-session';
import { reportTo, traceTo } from './session-reporting'; // the recipe above, saved as session-reporting.ts

const options = { container: '#viewer', serverUrl: 'https://engine.example.com/', documentId: 'doc_123', refresh: '/api/viewer-token' };
await loadViewer({ ...options, ...reportTo(Sentry) }); // or:
await loadViewer({ ...options, ...traceTo(trace.getTracer('viewer')) });
