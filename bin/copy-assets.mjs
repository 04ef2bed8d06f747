#!/usr/bin/env node
// nutrient-viewer-copy-assets [folder]: copies the SDK's runtime files (nutrient-viewer-lib/, from
// the installed @nutrient-sdk/viewer) into `folder` (default: public), for bundlers that have no
// plugin step the SDK's files can ride on (Next.js with Turbopack or webpack, Rollup, a plain
// static site). Run it before your build: "prebuild": "nutrient-viewer-copy-assets public".
// A copy of the same SDK version is left alone, so it costs nothing on the next build.
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';

const target = resolve(process.argv[2] ?? 'public');
const require = createRequire(join(process.cwd(), 'package.json'));
let sdkDir;
try {
  sdkDir = dirname(require.resolve('@nutrient-sdk/viewer/package.json'));
} catch {
  console.error('nutrient-viewer-copy-assets: @nutrient-sdk/viewer is not installed here: npm install @nutrient-sdk/viewer');
  process.exit(1);
}
const { version } = JSON.parse(readFileSync(join(sdkDir, 'package.json'), 'utf8'));
const source = join(sdkDir, 'dist', 'nutrient-viewer-lib');
const destination = join(target, 'nutrient-viewer-lib');
const marker = join(destination, '.nutrient-viewer-version');
if (existsSync(marker) && readFileSync(marker, 'utf8') === version) {
  console.log(`nutrient-viewer-copy-assets: ${destination} already has SDK ${version}`);
} else {
  rmSync(destination, { recursive: true, force: true });
  cpSync(source, destination, { recursive: true });
  // The npm package's probe makes the SDK warn "Copying assets from the npm package is deprecated";
  // self-hosted files answer it with an empty script (as the Vite plugin does).
  writeFileSync(join(destination, 'npm-assets-deprecated.js'), '// Self-hosted assets: no deprecation flag.\n');
  writeFileSync(marker, version);
  console.log(`nutrient-viewer-copy-assets: copied SDK ${version}'s files to ${destination}`);
}
