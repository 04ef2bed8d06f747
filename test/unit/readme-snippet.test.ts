import { readFileSync, writeFileSync } from 'node:fs';
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

// A reader copies a snippet: the names it uses come from somewhere in it.
describe('the README code snippets', () => {
  const readme = readFileSync('README.md', 'utf8');
  const snippets = [...readme.matchAll(/```(?:ts|tsx|js|vue)\n([\s\S]*?)```/g)].map((match) => match[1]!);
  /** The code without comments and string literals. */
  const codeOf = (snippet: string) => snippet.replace(/\/\/.*$/gm, '').replace(/'[^'\n]*'|"[^"\n]*"|`[^`\n]*`/g, "''");
  const defines = (snippet: string, name: string) =>
    new RegExp(`\\b(const|let|var|function|class)\\s+${name}\\b`).test(snippet) || new RegExp(`import\\s*\\{[^}]*\\b${name}\\b[^}]*\\}\\s*from`).test(snippet);

  it('are found', () => {
    expect(snippets.length).toBeGreaterThan(5);
  });

  it('import the library functions they call', () => {
    for (const snippet of snippets) {
      for (const name of ['loadViewer', 'useViewerSession', 'createViewerSession']) {
        if (new RegExp(`\\b${name}\\(`).test(codeOf(snippet))) expect(defines(snippet, name), `${name} in\n${snippet}`).toBe(true);
      }
    }
  });

  it('define or import the constants and URLs they pass (a name used as an option key does not count)', () => {
    for (const snippet of snippets) {
      const code = codeOf(snippet);
      const constants = code.match(/(?<![.\w])[A-Z][A-Z0-9]*_[A-Z0-9_]+\b/g) ?? [];
      for (const name of new Set([...constants, ...['engineUrl', 'tokenUrl', 'serverUrl'].filter((n) => new RegExp(`\\b${n}\\b(?!\\s*:)`).test(code))])) {
        expect(defines(snippet, name), `${name} in\n${snippet}`).toBe(true);
      }
    }
  });
});

// A snippet compiles as pasted: the README's TypeScript, TSX and Vue snippets are the files in
// test/readme-snippets, which `npm run typecheck` compiles against the package's entries (tsconfig
// paths point them at src/). Run with UPDATE_README_SNIPPETS=1 to rewrite the copies after editing.
describe('the README TypeScript, TSX and Vue snippets', () => {
  const COPIES = ['use-vite-config.ts', 'use.ts', 'proxy-vite-config.ts', 'react.tsx', 'vue-script.ts', 'next-layout.tsx', 'angular-component.ts', 'angular.ts', 'debug.ts', 'session-reporting.ts', 'reporting-use.ts', 'users-work.ts'];
  /** A Vue SFC's `<script setup>`, as TypeScript: its compiler macro declared. */
  const VUE_HEADER = '// The README\'s Vue snippet\'s <script setup> (its template is not checked).\ndeclare function defineProps<T>(): T;\n';

  it('are, one for one, the files in test/readme-snippets that typecheck compiles', () => {
    const readme = readFileSync('README.md', 'utf8');
    const blocks = [...readme.matchAll(/```(ts|tsx|vue)\n([\s\S]*?)```/g)].map(([, language, code]) =>
      language === 'vue' ? VUE_HEADER + (/<script setup[^>]*>\n([\s\S]*?)<\/script>/.exec(code!)?.[1] ?? '') : code!,
    );
    if (process.env.UPDATE_README_SNIPPETS === '1') blocks.forEach((code, i) => COPIES[i] && writeFileSync(`test/readme-snippets/${COPIES[i]}`, code));
    expect(blocks.length, 'a snippet was added or removed: name its copy in COPIES').toBe(COPIES.length);
    blocks.forEach((code, i) => expect(readFileSync(`test/readme-snippets/${COPIES[i]}`, 'utf8'), COPIES[i]).toBe(code));
  });

  it('are compiled by typecheck with the package\'s entries resolved to src/', () => {
    const config = JSON.parse(readFileSync('tsconfig.json', 'utf8')) as { include: string[]; compilerOptions: { paths?: Record<string, string[]>; jsx?: string } };
    expect(config.include).toContain('test');
    expect(config.compilerOptions.paths).toEqual({ 'nutrient-viewer-session': ['./src/index.ts'], 'nutrient-viewer-session/*': ['./src/*/index.ts'] });
    expect(config.compilerOptions.jsx).toBe('react-jsx');
  });
});

// The Quick start is two lines: the demo, then every test (the line `.ci/run` runs).
describe('the README Quick start', () => {
  it('is one sh block of exactly two lines, the second the one CI runs', () => {
    const readme = readFileSync('README.md', 'utf8');
    const quickStart = /\n## Quick start\n\n```sh\n([\s\S]*?)```\n/.exec(readme)?.[1];
    expect(quickStart).toBe('npm run demo\nnpm run test:all\n');
    expect(readFileSync('.ci/run', 'utf8')).toMatch(/\nnpm run test:all\n/);
  });
});

// The README's Angular code is what examples/angular builds with `ng build` (its e2e test): the
// own-load service verbatim, and the component's injectViewerSession call.
describe('the README Angular code', () => {
  const readme = readFileSync('README.md', 'utf8');
  it('the own-load service is, line for line, examples/angular/src/app/viewer-loader.ts', () => {
    const section = readme.slice(readme.indexOf('## Any code that calls `NutrientViewer.load` itself'));
    const fromReadme = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
    const example = readFileSync('examples/angular/src/app/viewer-loader.ts', 'utf8');
    expect(fromReadme).toBeDefined();
    expect(example.slice(example.indexOf('\n') + 1)).toBe(fromReadme);
  });

  it('the angular.json assets entry is the example\'s', () => {
    const section = readme.slice(readme.indexOf('## Angular\n'));
    const entry = /"assets": \[\n\s*(\{.*\})\n\]/.exec(section)?.[1];
    const angularJson = JSON.parse(readFileSync('examples/angular/angular.json', 'utf8'));
    expect(JSON.parse(entry!)).toEqual(angularJson.projects['example-angular'].architect.build.options.assets[0]);
  });
});
