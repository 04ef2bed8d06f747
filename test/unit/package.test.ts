import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from 'vite';
import packageJson from '../../package.json';

// The library as a page's bundler receives it: the real `vite build` of src/index.ts.
describe('the built package', () => {
  const outDir = mkdtempSync(join(tmpdir(), 'nvs-build-'));
  let code = '';
  beforeAll(async () => {
    await build({ configFile: 'vite.config.ts', logLevel: 'silent', build: { outDir, sourcemap: false } });
    // Every file a page loads: the entries and their shared chunks (vite.js runs in Node, not in pages).
    const browserFiles = readdirSync(outDir).filter((name) => name.endsWith('.js') && name !== 'vite.js');
    code = browserFiles.map((name) => readFileSync(join(outDir, name), 'utf8')).join('\n');
  }, 60_000);
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it('is the file the exports map names, and exports the public API', async () => {
    expect(packageJson.exports['.'].import).toBe('./dist/index.js');
    const api = await import(pathToFileURL(join(outDir, 'index.js')).href);
    expect(typeof api.loadViewer).toBe('function');
    // A small surface: the two ways in, one guard, and the errors apps branch on or throw.
    expect(Object.keys(api).sort()).toEqual([
      'ConfigurationError', 'LoadAbortedError', 'RefreshHttpError', 'SessionEndedError', 'SessionError', 'ViewerAssetsError',
      'createViewerSession', 'isSessionError', 'loadViewer',
    ]);
    for (const error of [new api.RefreshHttpError(503), new api.SessionEndedError(401), new api.LoadAbortedError(), new api.ConfigurationError('x')]) {
      expect(error).toBeInstanceOf(api.SessionError);
      expect(api.isSessionError(error, error.code)).toBe(true);
    }
    expect(new api.SessionEndedError(401).code).toBe('session-ended');
  });

  it('imports the SDK only dynamically, so it never lands in the first chunk', () => {
    expect(code).toContain('import("@nutrient-sdk/viewer")');
    expect(code).not.toMatch(/from\s*["']@nutrient-sdk\/viewer["']/);
  });

  it('keeps its runtime dependencies as imports and uses no Node API, console or storage', () => {
    expect(code).toMatch(/from\s*["']ky["']/);
    expect(code).toMatch(/from\s*["']p-retry["']/);
    expect(code).toMatch(/from\s*["']jose["']/);
    expect(code).not.toMatch(/["']node:|require\(|process\.|localStorage|sessionStorage/);
    // The console only as the `debug: true` sink (one writer per level), never on its own.
    expect(code.match(/console\.\w+/g)?.sort()).toEqual(['console.debug', 'console.error', 'console.info', 'console.warn']);
  });
});
