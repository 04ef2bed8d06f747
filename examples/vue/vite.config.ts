import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';
import { nutrientViewerAssets } from 'nutrient-viewer-session/vite';

export default defineConfig({
  plugins: [vue(), nutrientViewerAssets()],
  build: { target: 'es2022', chunkSizeWarningLimit: 8_000 },
});
