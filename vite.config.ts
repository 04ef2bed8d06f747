import { defineConfig } from 'vitest/config';

// The library build (dist/index.js) and the test projects. The demo has its own config in demo/.
export default defineConfig({
  build: {
    lib: { entry: 'src/index.ts', formats: ['es'], fileName: 'index' },
    // Runtime dependencies and the SDK stay imports: the page's bundler dedupes them.
    rollupOptions: { external: [/^@nutrient-sdk\/viewer/, 'ky', 'p-retry', 'jose'] },
    target: 'es2022',
    sourcemap: true,
  },
  test: {
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'], environment: 'node' } },
      { extends: true, test: { name: 'standin', include: ['test/standin/**/*.test.ts'], environment: 'node' } },
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
