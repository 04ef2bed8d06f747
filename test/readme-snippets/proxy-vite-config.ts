// vite.config.ts
import { defineConfig } from 'vite';
import { nutrientViewerAssets } from 'nutrient-viewer-session/vite';

export default defineConfig({
  plugins: [nutrientViewerAssets()],
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } }, // the endpoint above
});
