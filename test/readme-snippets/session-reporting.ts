import type { LogEntry, SessionEvent } from 'nutrient-viewer-session';

type Attributes = Record<string, string | number | boolean>;

/** `Sentry` itself fits, or any reporter with these two functions. */
export interface ErrorReporter {
  addBreadcrumb(breadcrumb: { category: string; level: string; message: string; data: Attributes }): void;
  captureException(error: unknown, context: { tags: Attributes }): void;
}

/** An entry's fields, for a breadcrumb or span event: words and numbers, never token text. */
function attributesOf(entry: LogEntry): Attributes {
  const attributes: Attributes = {};
  for (const [key, value] of Object.entries(entry)) if (value !== undefined) attributes[key] = value;
  return attributes;
}

export function reportTo(reporter: ErrorReporter) {
  return {
    debug: (entry: LogEntry) =>
      reporter.addBreadcrumb({
        category: 'viewer-session',
        level: entry.level === 'warn' ? 'warning' : entry.level,
        message: entry.rule ? `${entry.rule}: ${entry.reason}` : entry.reason,
        data: attributesOf(entry),
      }),
    onEvent: (event: SessionEvent) => {
      if (event.type === 'error' && event.fatal) {
        reporter.captureException(event.error, { tags: { code: event.error.code, trigger: event.reason } });
      }
    },
  };
}

/** `trace.getTracer('viewer')` from @opentelemetry/api fits, or anything with these calls. */
export interface Tracer {
  startSpan(name: string, options: { attributes: Attributes }): Span;
}
export interface Span {
  addEvent(name: string, attributes: Attributes): void;
  setAttributes(attributes: Attributes): void;
  setStatus(status: { code: 1 | 2; message?: string }): void; // 1 OK, 2 ERROR
  end(): void;
}

export function traceTo(tracer: Tracer) {
  let span: Span | undefined;
  const end = (status: { code: 1 | 2; message?: string }) => {
    span?.setStatus(status);
    span?.end();
    span = undefined;
  };
  return {
    debug: (entry: LogEntry) => span?.addEvent(entry.rule ?? entry.what, attributesOf(entry)),
    onEvent: (event: SessionEvent) => {
      if (event.type === 'renewing') span = tracer.startSpan('viewer-session.renewal', { attributes: { trigger: event.reason } });
      if (event.type === 'renewed') {
        span?.setAttributes({ method: event.method, source: event.source, attempts: event.attempts });
        end({ code: 1 });
      }
      if (event.type === 'error') end({ code: 2, message: `${event.error.code}: ${event.error.message}` });
    },
  };
}
