import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

// The order the end-to-end files start in, three at a time (maxWorkers below). The swaps first, beside
// the two long sessions (which mostly wait on token lifetimes): their tests race the token's life on
// a swap that takes seconds, and beside the examples' builds and the checklist (CPU-heavy) they took
// 3 to 5 times as long (a forced freeze lost its shape, a ten-swap viewer outlived its token; CI,
// stop 32). Then the longest (times from a fresh-clone run on an idle 2-core machine), so that the
// lanes end close together. Files not listed start first, so a new file is never left out. Other
// projects keep Vitest's own order (files that failed last time, then the longest).
const E2E_ORDER = [
  'swap.test.ts', // ~220-300 s: every test at once (ten swaps on 40 s tokens; gestures, a forced one too, per SDK); the 30-swap scripted user is skipped
  'long-session.test.ts', // ~140 s: ten lifetimes, then the chaos user (issue 20)
  'long-session-instant.test.ts', // ~140 s, the same with Instant
  'examples.test.ts', // ~410-640 s: three framework builds with their own CLIs
  'demo-checklist.test.ts', // ~260 s
  'tabs.test.ts', // ~200 s
  'edges.test.ts', // ~140 s
  'users-work.test.ts', // ~90-150 s: the user's work at the edges, pspdfkit without Instant (issue 20)
  'long-session-reactive.test.ts', // ~115 s, waiting
  'issue8.test.ts',
  'faults.test.ts',
  'contract.test.ts',
  'demo-smoke.test.ts',
  'auth-failure-forms.test.ts',
];

const rank = (spec: TestSpecification) => E2E_ORDER.findIndex((name) => spec.moduleId.endsWith(`/test/e2e/${name}`));

class E2eSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const isE2e = (spec: TestSpecification) => spec.project.name === 'e2e';
    const e2e = sorted.filter(isE2e).sort((a, b) => rank(a) - rank(b));
    return sorted.map((spec) => (isE2e(spec) ? e2e.shift()! : spec));
  }
}

// The library build (dist/index.js, one file per entry point, shared chunks) and the test
// projects. The demo has its own config in demo/.
export default defineConfig({
  build: {
    lib: {
      entry: { index: 'src/index.ts', lazy: 'src/lazy/index.ts', react: 'src/react/index.ts', vue: 'src/vue/index.ts', angular: 'src/angular/index.ts', vite: 'src/vite/index.ts' },
      formats: ['es'],
      fileName: (_format, entry) => `${entry}.js`,
    },
    rollupOptions: {
      // Runtime dependencies, the SDK and the frameworks stay imports: the page's bundler dedupes them.
      external: [/^@nutrient-sdk\/viewer/, 'ky', 'p-retry', 'jose', 'react', 'vue', /^@angular\//, 'vite', /^node:/],
      output: { chunkFileNames: 'shared-[hash].js' },
    },
    target: 'es2022',
    sourcemap: true,
  },
  test: {
    sequence: { sequencer: E2eSequencer },
    projects: [
      // Generous timeouts: a busy 2-core machine can be ten times slower than a quiet one (key
      // generation, pdf.js renders); the tests wait on events, never on these.
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'], environment: 'node', testTimeout: 30_000 } },
      { extends: true, test: { name: 'standin', include: ['test/standin/**/*.test.ts'], environment: 'node', testTimeout: 30_000 } },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 180_000,
          hookTimeout: 120_000,
          // Three files at a time, in the order of E2E_ORDER above: most of an e2e file's time is
          // waiting on token lifetimes, and each file has its own stand-in, dev server and
          // browser. The demo's dependencies are pre-bundled once, before any file.
          maxWorkers: 3,
          globalSetup: ['test/e2e/support/global-setup.ts'],
        },
      },
    ],
  },
});
