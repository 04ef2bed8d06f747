import { defineConfig } from 'vitest/config';

// The benchmarks' own checks (their simulation must be faithful): npx vitest run --config bench/vitest.config.ts
export default defineConfig({
  test: { name: 'bench', root: new URL('..', import.meta.url).pathname, include: ['bench/**/*.test.ts'], environment: 'node' },
});
