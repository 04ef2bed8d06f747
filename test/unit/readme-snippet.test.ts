import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// The README's "Use" snippet is the vanilla example's code, which the e2e test runs in Chromium:
// the README cannot drift from what works.
describe('the README "Use" snippet', () => {
  it('is, line for line, the code of examples/vanilla/src/main.ts', () => {
    const readme = readFileSync('README.md', 'utf8');
    const example = readFileSync('examples/vanilla/src/main.ts', 'utf8');
    const fromReadme = /<!-- README:use:start -->\n```ts\n([\s\S]*?)```\n<!-- README:use:end -->/.exec(readme)?.[1];
    const fromExample = /\/\/ README:use:start\n([\s\S]*?)\/\/ README:use:end\n/.exec(example)?.[1];
    expect(fromReadme).toBeDefined();
    expect(fromExample).toBeDefined();
    expect(fromReadme).toBe(fromExample);
  });
});

// The ranges the README states are the ones npm enforces.
describe('the README peer ranges', () => {
  const readme = readFileSync('README.md', 'utf8');
  const peers = (JSON.parse(readFileSync('package.json', 'utf8')) as { peerDependencies: Record<string, string> }).peerDependencies;

  it('name the SDK, React and Vue ranges of package.json in "Install"', () => {
    const install = /\n## Install\n([\s\S]*?)\n## /.exec(readme)?.[1] ?? '';
    expect(/The SDK \(`([^`]+)`/.exec(install)?.[1]).toBe(peers['@nutrient-sdk/viewer']);
    expect(/React \(`([^`]+)`\)/.exec(install)?.[1]).toBe(peers.react);
    expect(/Vue \(`([^`]+)`\)/.exec(install)?.[1]).toBe(peers.vue);
  });

  it('name the SDK range of package.json in "Supported SDK versions"', () => {
    expect(/The peer range is\s+`([^`]+)`/.exec(readme)?.[1]).toBe(peers['@nutrient-sdk/viewer']);
  });
});
