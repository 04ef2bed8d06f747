// Not installed here: what the README's reporting and Next.js snippets use, as their packages type it.
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
// Next.js is not installed here: the one type the README's layout snippet uses, as Next types it.
declare module 'next' {
  export interface Metadata { other?: Record<string, string | number | (string | number)[]> }
}
