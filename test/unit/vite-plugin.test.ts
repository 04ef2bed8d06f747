import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type ViteDevServer } from 'vite';
import { nutrientViewerAssets } from '../../src/vite/index.js';

// The plugin in a real Vite dev server (no build: copying 150 MB is the e2e examples' job).
describe.each(['/', '/app/'])('nutrientViewerAssets() in dev with base %s', (base) => {
  const root = mkdtempSync(join(tmpdir(), 'nvs-vite-'));
  let server: ViteDevServer;
  let origin = '';
  beforeAll(async () => {
    writeFileSync(join(root, 'index.html'), '<!doctype html><html><head></head><body><div id="viewer"></div></body></html>');
    writeFileSync(join(root, 'package.json'), '{"name":"app","type":"module"}');
    server = await createServer({
      root,
      base,
      configFile: false,
      logLevel: 'silent',
      plugins: [nutrientViewerAssets({ libDir: join(process.cwd(), 'node_modules/@nutrient-sdk/viewer/dist/nutrient-viewer-lib') })],
      server: { host: '127.0.0.1', port: 0 },
      optimizeDeps: { noDiscovery: true },
    });
    await server.listen();
    const address = server.httpServer!.address() as { port: number };
    origin = `http://127.0.0.1:${address.port}`;
  }, 30_000);
  afterAll(async () => {
    await server.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('serves the SDK files under <base>nutrient-viewer-lib/ with their content type', async () => {
    const response = await fetch(`${origin}${base}nutrient-viewer-lib/core-worker.js`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/javascript');
    expect((await response.text()).length).toBeGreaterThan(100);
  });

  it('answers 404 for a missing file and refuses ../ escapes', async () => {
    expect((await fetch(`${origin}${base}nutrient-viewer-lib/nope.js`)).status).toBe(404);
    expect((await fetch(`${origin}${base}nutrient-viewer-lib/..%2f..%2fpackage.json`)).status).toBe(404);
  });

  it('puts the baseUrl <meta> into index.html, so the app passes none', async () => {
    const html = await (await fetch(`${origin}${base}`)).text();
    expect(html).toMatch(new RegExp(`<meta name="nutrient-viewer-base-url" content="${base}"`));
  });
});
