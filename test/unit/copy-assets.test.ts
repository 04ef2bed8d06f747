// nutrient-viewer-copy-assets (bin/copy-assets.mjs), the assets step for Next.js, webpack, Rollup:
// run in a temp app against a small stand-in SDK package, as `npm run prebuild` would.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const bin = resolve('bin/copy-assets.mjs');
let app = '';
afterEach(() => {
  rmSync(app, { recursive: true, force: true });
  app = '';
});

/** An app with an installed @nutrient-sdk/viewer of `version`, whose lib has one file that says so. */
function appWithSdk(version: string) {
  app ||= mkdtempSync(join(tmpdir(), 'nvs-copy-'));
  writeFileSync(join(app, 'package.json'), '{}');
  const sdk = join(app, 'node_modules', '@nutrient-sdk', 'viewer');
  mkdirSync(join(sdk, 'dist', 'nutrient-viewer-lib'), { recursive: true });
  writeFileSync(join(sdk, 'package.json'), JSON.stringify({ name: '@nutrient-sdk/viewer', version }));
  writeFileSync(join(sdk, 'dist', 'nutrient-viewer-lib', 'core-worker.js'), `/* Nutrient Web SDK ${version} */`);
  writeFileSync(join(sdk, 'dist', 'nutrient-viewer-lib', 'npm-assets-deprecated.js'), 'window.__npmAssets = true;');
  return app;
}
const copy = (cwd: string, ...args: string[]) => execFileSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8' });
const copied = (file: string) => readFileSync(join(app, 'public', 'nutrient-viewer-lib', file), 'utf8');

describe('nutrient-viewer-copy-assets', () => {
  it('copies nutrient-viewer-lib/ into public/, with an empty deprecation probe, and keeps a copy of the same version', () => {
    appWithSdk('1.22.0');
    expect(copy(app)).toMatch(/copied SDK 1\.22\.0's files/);
    expect(copied('core-worker.js')).toContain('1.22.0');
    expect(copied('npm-assets-deprecated.js')).not.toContain('__npmAssets');
    expect(copy(app)).toMatch(/already has SDK 1\.22\.0/);
  });

  it('copies again after an SDK upgrade, so the files match the JavaScript', () => {
    appWithSdk('1.18.0');
    copy(app);
    appWithSdk('1.22.0');
    expect(copy(app)).toMatch(/copied SDK 1\.22\.0's files/);
    expect(copied('core-worker.js')).toContain('1.22.0');
  });

  it('copies into the folder named, and says what to install when the SDK is missing', () => {
    appWithSdk('1.22.0');
    copy(app, 'static');
    expect(existsSync(join(app, 'static', 'nutrient-viewer-lib', 'core-worker.js'))).toBe(true);
    rmSync(join(app, 'node_modules'), { recursive: true });
    expect(() => execFileSync(process.execPath, [bin], { cwd: app, stdio: 'pipe' })).toThrow(/npm install @nutrient-sdk\/viewer/);
  });
});
