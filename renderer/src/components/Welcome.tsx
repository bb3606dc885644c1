// The empty archive: say what the app is for and how to begin.
import type { Host } from '../host';

export function Welcome({ host, onImport, onImportBag }: { host: Host; onImport(): void; onImportBag(): void }) {
  return (
    <div className="welcome">
      <h2>This archive is empty</h2>
      <p>
        Import a folder of photos to start: the archive records each file's SHA-256 hash, reads its capture time, camera and GPS, and makes
        thumbnails. Originals are never changed.
      </p>
      <p>
        <button type="button" className="primary" onClick={onImport}>
          Import photos…
        </button>{' '}
        <button type="button" onClick={onImportBag}>
          Import a BagIt package…
        </button>
      </p>
      <p className="muted">A BagIt package exported from another archive brings its photos with their annotations and history.</p>
      <p className="muted">
        {host.pathForFile ? 'You can also drop files or folders onto this window.' : 'In browser mode, type the folder path in the import dialog.'}
      </p>
    </div>
  );
}
