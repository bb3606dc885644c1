import { defineConfig } from 'vite';

// The renderer is plain React + TSX; Vite's built-in transform handles JSX (automatic runtime).
export default defineConfig({
  root: 'renderer',
  base: './',
  // The map's chunk (~760 kB, the bundled Natural Earth basemap) loads only when the map opens, from
  // the app's own files: over Vite's 500 kB default on purpose.
  build: { outDir: '../dist/renderer', emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 1000 },
});
