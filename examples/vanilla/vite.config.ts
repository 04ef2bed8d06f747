import { defineConfig } from 'vite';
import { nutrientViewerAssets } from 'nutrient-viewer-session/vite';

export default defineConfig({
  plugins: [nutrientViewerAssets()],
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 8_000,
    // index.html: the README's snippet; cdn.html: the same with the SDK's CDN build (README, Assets).
    rollupOptions: { input: ['index.html', 'cdn.html'].map((page) => new URL(page, import.meta.url).pathname) },
  },
});
