// Dev-server proxy: the page calls /api/token and /admin/* on its own origin (no CORS, and the
// JWT never appears in a URL); Vite forwards them to the stand-in's control server.
import type { ProxyOptions } from 'vite';

export const DEFAULT_CONTROL_URL = 'http://127.0.0.1:5182';

export function standInProxy(controlUrl: string = process.env.STANDIN_CONTROL_URL ?? DEFAULT_CONTROL_URL): Record<string, ProxyOptions> {
  return {
    '/api': { target: controlUrl, changeOrigin: true },
    '/admin': { target: controlUrl, changeOrigin: true },
  };
}
