import { jwtAnywhere } from './token.js';

/** Anything that looks like a JWT inside a message becomes `[token]`: outside text may quote one. */
export function redact(text: string): string {
  return text.replace(jwtAnywhere, '[token]');
}

/** What we keep of an error from outside (the app's function, an HTTP client): never its headers or body. */
export interface ErrorSummary {
  name: string;
  message: string;
  status?: number;
}

export function summarizeError(error: unknown): ErrorSummary {
  if (error instanceof Error || (typeof error === 'object' && error !== null)) {
    const { name, message } = error as { name?: unknown; message?: unknown };
    const status = statusOf(error);
    return {
      name: typeof name === 'string' ? name : 'Error',
      message: redact(typeof message === 'string' ? message : String(message ?? '')),
      ...(status === undefined ? {} : { status }),
    };
  }
  return { name: typeof error, message: redact(String(error)) };
}

/** The HTTP status an error carries, in the shapes common clients use (ky, axios, ofetch, our own). */
export function statusOf(error: unknown): number | undefined {
  const candidate = error as { status?: unknown; response?: { status?: unknown }; statusCode?: unknown } | null;
  const status = candidate?.status ?? candidate?.response?.status ?? candidate?.statusCode;
  return typeof status === 'number' && status >= 100 && status < 600 ? status : undefined;
}
