import { defineConfig } from 'vite';
import { nutrientViewerAssets } from 'nutrient-viewer-session/vite';

export default defineConfig({
  plugins: [nutrientViewerAssets()],
  build: { target: 'es2022', chunkSizeWarningLimit: 8_000 },
});
