import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

// The order the end-to-end files start in, three at a time (maxWorkers below); times from a
// fresh-clone run on this 2-core machine. Most of each file's time is waiting on token lifetimes.
// Longest first, so that the lanes end close together; but the ones that load many viewers at once
// (the swaps, six tabs) start after the examples' framework builds have had the CPU for a while
// (beside those and the checklist, the swap pages' first loads passed 120 s; with four files at a
// time everything slowed and the checklist's old-SDK scenario timed out). Files not listed start
// first, so a new file is never left out. Other projects keep Vitest's own order.
const E2E_ORDER = [
  'examples.test.ts', // ~500 s: three framework builds with their own CLIs, the Vite examples' tests meanwhile
  'long-session.test.ts', // ~180 s: three long sessions at once (instant off, on, reactive), then the chaos user
  'demo-checklist.test.ts', // ~360 s
  'swap.test.ts', // ~260 s: every test at once (the 30-swap scripted user and the gestures, a forced one too, per SDK)
  'tabs.test.ts', // ~290 s
  'edges.test.ts', // ~210 s
  'users-work.test.ts', // ~120 s: the user's work at the edges, pspdfkit without Instant (issue 20)
  'issue8.test.ts', // ~100 s
  'contract.test.ts', // ~75 s
  'faults.test.ts', // ~75 s
  'auth-failure-forms.test.ts',
  'demo-smoke.test.ts',
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
