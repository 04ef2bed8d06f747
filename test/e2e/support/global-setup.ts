// Once before the end-to-end files: pre-bundles the demo's dependencies (the SDKs, 18 MB) into the
// dev servers' cache (E2E_CACHE_DIR). The files run two at a time, each with dev servers of its
// own; on a cold cache two of them would each bundle and swap the cache folder under the other's
// pages. With the cache complete, every dev server only reads it.
import { optimizeDeps, resolveConfig } from 'vite';
import { DEMO_VITE_CONFIG } from '../../../demo/vite/dev-server';
import { E2E_CACHE_DIR } from './demo-server';

export default async function setup(): Promise<void> {
  process.env.VITE_CONFIG_NATIVE_IGNORE_WARNING ??= 'true';
  const started = Date.now();
  const config = await resolveConfig({ configFile: DEMO_VITE_CONFIG, cacheDir: E2E_CACHE_DIR, logLevel: 'error' }, 'serve', 'development');
  await optimizeDeps(config);
  console.info(`[e2e] demo dependencies pre-bundled or found in cache in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
