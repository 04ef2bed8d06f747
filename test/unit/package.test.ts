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
    for (const name of ['SessionError', 'RefreshHttpError', 'SessionEndedError', 'InvalidTokenError', 'RefreshResponseError']) {
      expect(new api[name]('x')).toBeInstanceOf(api.SessionError);
    }
    expect(api.renewalDefaults.budgetMs).toBeLessThan(30_000);
  });

  it('imports the SDK only dynamically, so it never lands in the first chunk', () => {
    expect(code).toContain('import("@nutrient-sdk/viewer")');
    expect(code).not.toMatch(/from\s*["']@nutrient-sdk\/viewer["']/);
  });

  it('keeps its runtime dependencies as imports and uses no Node API, console or storage', () => {
    expect(code).toMatch(/from\s*["']ky["']/);
    expect(code).toMatch(/from\s*["']p-retry["']/);
    expect(code).toMatch(/from\s*["']jose["']/);
    expect(code).not.toMatch(/["']node:|require\(|process\.|console\.|localStorage|sessionStorage/);
  });
});
