// vite.config.ts
import { defineConfig } from 'vite';
import { nutrientViewerAssets } from 'nutrient-viewer-session/vite';

export default defineConfig({ plugins: [nutrientViewerAssets()] });
