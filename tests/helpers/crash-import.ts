// Driver for the crash tests (and for importing as another user): imports folders into an archive in
// its own process, printing each change of state on stdout, so a parent can kill it where it wants.
//   node --import tsx tests/helpers/crash-import.ts <archive> <reference|copy> <path...>
// Environment: IMPORT_CONCURRENCY (default 2).
import { openArchive } from '../../electron/catalog/archive';
import { runImport } from '../../electron/catalog/importer';

const [archiveDir, mode, ...roots] = process.argv.slice(2);
if (!archiveDir || (mode !== 'reference' && mode !== 'copy') || roots.length === 0) {
  console.error('usage: crash-import.ts <archive> <reference|copy> <path...>');
  process.exit(2);
}
const archive = openArchive(archiveDir);
let state = '';
const result = await runImport(archive, roots, {
  mode,
  concurrency: Number(process.env.IMPORT_CONCURRENCY ?? 2),
  onProgress: (p) => {
    if (p.state === state) return;
    state = p.state;
    console.log(`state ${p.state}`);
  },
});
archive.close();
console.log(`result ${JSON.stringify(result)}`);
