import { defineConfig } from 'vitest/config';

// The library build (dist/index.js, one file per entry point, shared chunks) and the test
// projects. The demo has its own config in demo/.
export default defineConfig({
  build: {
    lib: {
      entry: { index: 'src/index.ts', lazy: 'src/lazy/index.ts', react: 'src/react/index.ts', vue: 'src/vue/index.ts', vite: 'src/vite/index.ts' },
      formats: ['es'],
      fileName: (_format, entry) => `${entry}.js`,
    },
    rollupOptions: {
      // Runtime dependencies, the SDK and the frameworks stay imports: the page's bundler dedupes them.
      external: [/^@nutrient-sdk\/viewer/, 'ky', 'p-retry', 'jose', 'react', 'vue', 'vite', /^node:/],
      output: { chunkFileNames: 'shared-[hash].js' },
    },
    target: 'es2022',
    sourcemap: true,
  },
  test: {
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
          fileParallelism: false,
        },
      },
    ],
  },
});
