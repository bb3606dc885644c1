// Bundles the Electron main process (ESM) and the sandboxed preload (CommonJS, as sandboxed
// preloads require) with esbuild, and copies the SQL migrations beside the main bundle.
import { build } from 'esbuild';
import fs from 'node:fs';

const common = { bundle: true, platform: 'node', target: 'node22', sourcemap: true, logLevel: 'info' };

await build({
  ...common,
  entryPoints: ['electron/main.ts'],
  outfile: 'dist-electron/main.js',
  format: 'esm',
  // Native and large runtime packages load from node_modules (asar-unpacked where native).
  packages: 'external',
});
await build({
  ...common,
  entryPoints: ['electron/preload.ts'],
  outfile: 'dist-electron/preload.cjs',
  format: 'cjs',
  external: ['electron'],
});
fs.cpSync('electron/catalog/migrations', 'dist-electron/migrations', { recursive: true });
