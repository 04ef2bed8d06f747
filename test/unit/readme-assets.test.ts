import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';

// The README's Assets advice, checked against the SDK this repository installs.
const readme = readFileSync('README.md', 'utf8');
const assets = /\n## Assets\n([\s\S]*?)\n## /.exec(readme)?.[1] ?? '';
const sdkDist = 'node_modules/@nutrient-sdk/viewer/dist';

describe('the README "Other bundlers" copy command', () => {
  it("copies the SDK's files and leaves an empty npm-assets-deprecated.js, the probe that makes the SDK warn", () => {
    const probe = readFileSync(join(sdkDist, 'nutrient-viewer-lib/npm-assets-deprecated.js'), 'utf8');
    expect(probe).toMatch(/usingDeprecatedAssets\s*=\s*true/); // the npm copy sets the SDK's deprecation flag
    const command = /\n\s*(mkdir -p public && cp -R node_modules\/@nutrient-sdk\/viewer\/[^\n]*)\n/.exec(assets)?.[1];
    expect(command).toBeDefined();
    // An app folder with a small stand-in for the package's 150 MB folder: the probe and one file.
    const app = mkdtempSync(join(tmpdir(), 'nvs-assets-'));
    onTestFinished(() => rmSync(app, { recursive: true, force: true }));
    const lib = join(app, sdkDist, 'nutrient-viewer-lib');
    mkdirSync(lib, { recursive: true });
    copyFileSync(join(sdkDist, 'nutrient-viewer-lib/npm-assets-deprecated.js'), join(lib, 'npm-assets-deprecated.js'));
    writeFileSync(join(lib, 'core-worker.js'), '/* worker */');
    for (const run of [1, 2]) {
      execFileSync('sh', ['-c', command!], { cwd: app }); // again, as a second postinstall would
      expect(readFileSync(join(app, 'public/nutrient-viewer-lib/core-worker.js'), 'utf8'), `run ${run}`).toBe('/* worker */');
      expect(statSync(join(app, 'public/nutrient-viewer-lib/npm-assets-deprecated.js')).size, `run ${run}`).toBe(0);
    }
  });
});

describe('the README on Vite\'s "larger than 500 kB" warning', () => {
  it("gives the SDK chunk's size, and a chunkSizeWarningLimit above it", () => {
    const bytes = statSync(join(sdkDist, 'nutrient-viewer.js')).size;
    const said = /\(`nutrient-viewer-\*\.js`, about (\d+) MB\)/.exec(assets)?.[1];
    expect(Number(said)).toBe(Math.round(bytes / 1e6));
    const limit = /chunkSizeWarningLimit: (\d+)/.exec(assets)?.[1];
    expect(Number(limit) * 1000).toBeGreaterThan(bytes); // kB, as Vite counts
    expect(assets.replace(/\s+/g, ' ')).toContain('larger than 500 kB');
  });
});
