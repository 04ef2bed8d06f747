import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from 'vite';
import packageJson from '../../package.json';

const browserGlobals = ['window', 'document', 'navigator', 'location', 'self', 'MutationObserver', 'HTMLElement', 'Element', 'localStorage'];

// Each entry point as published: what `exports` names, importable in Node (SSR) without touching the browser.
describe('the package entry points', () => {
  const outDir = mkdtempSync(join(tmpdir(), 'nvs-entries-'));
  beforeAll(async () => {
    await build({ configFile: 'vite.config.ts', logLevel: 'silent', build: { outDir, sourcemap: false } });
  }, 60_000);
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it('exports ".", "./lazy", "./react", "./vue" and "./vite", each with types and an ES module', () => {
    const exports = packageJson.exports as Record<string, { types?: string; import?: string }>;
    for (const entry of ['.', './lazy', './react', './vue', './vite']) {
      expect(exports[entry]!.types).toMatch(/\.d\.ts$/);
      expect(exports[entry]!.import).toMatch(/^\.\/dist\/[a-z]+\.js$/);
      expect(readFileSync(join(outDir, exports[entry]!.import!.replace('./dist/', '')), 'utf8').length).toBeGreaterThan(0);
    }
    expect(packageJson.peerDependencies['@nutrient-sdk/viewer']).toMatch(/<2$/);
    expect(packageJson.peerDependenciesMeta).toMatchObject({ react: { optional: true }, vue: { optional: true } });
  });

  it('imports every entry in Node without reading a browser global', async () => {
    const reads: string[] = [];
    const ours = (stack: string) => stack.split('\n').slice(2, 4).some((frame) => frame.includes(outDir));
    for (const name of browserGlobals) {
      Object.defineProperty(globalThis, name, {
        configurable: true,
        get() {
          if (ours(new Error().stack ?? '')) reads.push(name);
          return undefined;
        },
      });
    }
    try {
      const entries = ['index.js', 'lazy.js', 'react.js', 'vue.js', 'vite.js'];
      const modules = await Promise.all(entries.map((file) => import(pathToFileURL(join(outDir, file)).href)));
      expect(typeof modules[0].loadViewer).toBe('function');
      expect(typeof modules[0].createViewerSession).toBe('function');
      expect(typeof modules[0].isSessionError).toBe('function');
      expect(typeof modules[1].loadViewer).toBe('function');
      expect(typeof modules[2].useViewerSession).toBe('function');
      expect(typeof modules[3].useViewerSession).toBe('function');
      expect(typeof modules[4].nutrientViewerAssets).toBe('function');
    } finally {
      for (const name of browserGlobals) delete (globalThis as Record<string, unknown>)[name];
    }
    expect(reads).toEqual([]);
  });

  it('has the react and vue entries share the core with the main entry (one copy of the session code)', () => {
    const react = readFileSync(join(outDir, 'react.js'), 'utf8');
    const index = readFileSync(join(outDir, 'index.js'), 'utf8');
    expect(react).not.toContain('class SessionEvents');
    expect(index).not.toContain('class SessionEvents');
  });

  // What a page that renders an adapter loads before the component mounts: the entry and every
  // file it imports statically. The session code and the SDK come with the first mount.
  it('keeps the react and vue entries as lazy as loadViewer: no session code, ky, p-retry, jose or SDK before mount', () => {
    const staticClosure = (entry: string) => {
      const files = new Set([entry]);
      for (const file of files) {
        const code = readFileSync(join(outDir, file), 'utf8');
        for (const match of code.matchAll(/^import\s[^;]*?from\s*["']\.\/([^"']+)["']/gm)) files.add(match[1]!);
      }
      return [...files].map((file) => readFileSync(join(outDir, file), 'utf8'));
    };
    for (const entry of ['react.js', 'vue.js']) {
      const first = staticClosure(entry);
      expect(first.length, entry).toBeGreaterThan(1); // the store's shared chunk is followed
      for (const code of first) {
        expect(code, entry).not.toContain('class SessionEvents');
        expect(code, entry).not.toMatch(/from ['"](ky|p-retry|jose|@nutrient-sdk\/viewer)['"]/);
      }
      expect(first.join('\n'), entry).toMatch(/import\(['"]\.\/shared-[^'"]+\.js['"]\)/);
      expect(first.reduce((sum, code) => sum + Buffer.byteLength(code), 0), entry).toBeLessThan(4_096);
    }
  });

  it('keeps the lazy entry tiny: no session code, no ky, p-retry, jose or SDK in it, only dynamic imports', () => {
    const lazy = readFileSync(join(outDir, 'lazy.js'), 'utf8');
    expect(lazy).not.toContain('class SessionEvents');
    expect(lazy).not.toMatch(/from ['"](ky|p-retry|jose|@nutrient-sdk\/viewer)['"]/);
    expect(lazy).toMatch(/import\(['"]@nutrient-sdk\/viewer['"]\)/);
    expect(Buffer.byteLength(lazy)).toBeLessThan(1_024);
  });
});
