// Choosing what to import and how: reference files where they are, or copy them into the archive.
import { useEffect, useState } from 'react';
import type { ImportMode } from '../../../shared/api';
import type { Host } from '../host';

interface Props {
  host: Host;
  initialPaths: string[];
  onCancel(): void;
  onStart(paths: string[], mode: ImportMode): void;
}

export function ImportDialog({ host, initialPaths, onCancel, onStart }: Props) {
  const [text, setText] = useState(initialPaths.join('\n'));
  const [mode, setMode] = useState<ImportMode>('reference');
  const paths = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onCancel();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onCancel]);

  const pick = async (kind: 'files' | 'folders') => {
    const chosen = await host.pickImportPaths?.(kind);
    if (chosen?.length) setText((t) => [...t.split('\n').filter((l) => l.trim()), ...chosen].join('\n'));
  };

  return (
    <div className="modal-backdrop">
      <form
        className="modal"
        role="dialog"
        aria-label="Import photos"
        onSubmit={(e) => {
          e.preventDefault();
          if (paths.length) onStart(paths, mode);
        }}
      >
        <h2>Import photos</h2>
        {host.pickImportPaths ? (
          <div className="row">
            <button type="button" onClick={() => void pick('folders')}>
              Choose folders…
            </button>
            <button type="button" onClick={() => void pick('files')}>
              Choose files…
            </button>
          </div>
        ) : (
          <p className="muted">Type or paste the full path of each folder or file on this computer, one per line. Folders are imported with all their subfolders.</p>
        )}
        <label>
          Files and folders
          <textarea
            name="paths"
            rows={5}
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder="/home/me/Photos/2024-05 Khorog"
            autoFocus
            spellCheck={false}
          />
        </label>
        <fieldset>
          <legend>Originals</legend>
          <label>
            <input type="radio" name="mode" checked={mode === 'reference'} onChange={() => setMode('reference')} /> Reference in place (files stay where
            they are; the archive records their hash)
          </label>
          <label>
            <input type="radio" name="mode" checked={mode === 'copy'} onChange={() => setMode('copy')} /> Copy into the archive (verified copies in its
            originals folder)
          </label>
        </fieldset>
        <div className="row end">
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={paths.length === 0}>
            Import {paths.length > 0 ? `${paths.length} item${paths.length === 1 ? '' : 's'}` : ''}
          </button>
        </div>
      </form>
    </div>
  );
}
