// Not installed here: the two calls the README's reporting snippet makes, as their packages type them.
declare module '@sentry/browser' {
  export function addBreadcrumb(breadcrumb: { category?: string; level?: string; message?: string; data?: Record<string, unknown> }): void;
  export function captureException(error: unknown, context?: { tags?: Record<string, string | number | boolean> }): string;
}
declare module '@opentelemetry/api' {
  interface Span {
    addEvent(name: string, attributes?: Record<string, string | number | boolean>): this;
    setAttributes(attributes: Record<string, string | number | boolean>): this;
    setStatus(status: { code: 0 | 1 | 2; message?: string }): this;
    end(): void;
  }
  export const trace: { getTracer(name: string): { startSpan(name: string, options?: { attributes?: Record<string, string | number | boolean> }): Span } };
}
