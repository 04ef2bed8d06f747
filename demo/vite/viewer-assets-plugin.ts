// The demo uses the package's own Vite plugin (src/vite): one implementation, tested by the demo too.
export { nutrientViewerAssets as viewerAssetsPlugin, viewerLibDir } from '../../src/vite/index';
