import { defineConfig } from 'vite';

// The renderer is plain React + TSX; Vite's built-in transform handles JSX (automatic runtime).
export default defineConfig({
  root: 'renderer',
  base: './',
  build: { outDir: '../dist/renderer', emptyOutDir: true, sourcemap: true },
});
