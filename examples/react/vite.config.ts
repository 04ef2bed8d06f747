import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { nutrientViewerAssets } from 'nutrient-viewer-session/vite';

export default defineConfig({
  plugins: [react(), nutrientViewerAssets()],
  build: { target: 'es2022', chunkSizeWarningLimit: 8_000 },
});
