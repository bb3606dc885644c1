// `npm run bench` entry: `--scale <n>` runs the find-and-browse benchmark (scale-bench.ts); without
// it, the import benchmark runs exactly as before (import-bench.ts, with its own options).
if (process.argv.slice(2).some((a) => a === '--scale' || a.startsWith('--scale='))) {
  await import('./scale-bench');
} else {
  await import('./import-bench');
}

export {};
