// Choosing what to import and how: photos (referenced where they are, or copied into the archive),
// or a BagIt package someone handed over (its folder; checked, then its photos and annotations added).
import { useEffect, useState } from 'react';
import type { ImportMode } from '../../../shared/api';
import type { Host } from '../host';
import './bag-import.css';
import { PathCheckList } from './import/PathCheckList';
import { usePathChecks } from './import/usePathChecks';

interface Props {
  host: Host;
  initialPaths: string[];
  /** Which choice the dialog opens on (the welcome screen's "Import a BagIt package…" opens on 'bag'). */
  initialKind?: 'photos' | 'bag';
  onCancel(): void;
  onStart(paths: string[], mode: ImportMode): void;
  onStartBag(path: string): void;
}

export function ImportDialog({ host, initialPaths, initialKind = 'photos', onCancel, onStart, onStartBag }: Props) {
  const [kind, setKind] = useState<'photos' | 'bag'>(initialKind);
  const [text, setText] = useState(initialPaths.join('\n'));
  const [bag, setBag] = useState('');
  const [mode, setMode] = useState<ImportMode>('reference');
  const paths = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const checked = usePathChecks(host, paths);
  const photoCount = checked.checks?.reduce((n, c) => n + (c.files ?? 0), 0) ?? 0;

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onCancel();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onCancel]);

  const pick = async (what: 'files' | 'folders') => {
    const chosen = await host.pickImportPaths?.(what);
    if (chosen?.length) setText((t) => [...t.split('\n').filter((l) => l.trim()), ...chosen].join('\n'));
  };
  const pickBag = async () => {
    const chosen = await host.pickImportPaths?.('folders');
    if (chosen?.[0]) setBag(chosen[0]);
  };

  const kindChoice = (
    <fieldset>
      <legend>What to import</legend>
      <label>
        <input type="radio" name="kind" checked={kind === 'photos'} onChange={() => setKind('photos')} /> Photos (image files, or folders of them)
      </label>
      <label>
        <input type="radio" name="kind" checked={kind === 'bag'} onChange={() => setKind('bag')} /> A BagIt package (a bag exported from this app or
        another archive)
      </label>
    </fieldset>
  );

  if (kind === 'bag') {
    const bagPath = bag.trim();
    return (
      <div className="modal-backdrop">
        <form
          className="modal"
          role="dialog"
          aria-label="Import a BagIt package"
          onSubmit={(e) => {
            e.preventDefault();
            if (bagPath) onStartBag(bagPath);
          }}
        >
          <h2>Import a BagIt package</h2>
          {kindChoice}
          <p className="muted">
            The bag is checked first, every file against its manifest: a bag that fails is refused with its problems listed, and nothing is imported.
            Its photos are copied into the archive; the vocabulary, tags, regions, descriptions, history, albums and saved searches it carries are
            added to this archive.
          </p>
          {host.pickImportPaths ? (
            <div className="row">
              <button type="button" onClick={() => void pickBag()}>
                Choose bag folder…
              </button>
            </div>
          ) : (
            <p className="muted">Type or paste the full path of the bag folder on this computer (the folder holding bagit.txt).</p>
          )}
          <label className="bag-field">
            Bag folder
            <input
              type="text"
              name="bag"
              value={bag}
              onChange={(e) => setBag(e.target.value)}
              placeholder="/media/usb/khorog-2024-bag"
              autoFocus
              spellCheck={false}
            />
          </label>
          <div className="row end">
            <button type="button" onClick={onCancel}>
              Cancel
            </button>
            <button type="submit" className="primary" disabled={!bagPath}>
              Import bag
            </button>
          </div>
        </form>
      </div>
    );
  }

  return (
    <div className="modal-backdrop">
      <form
        className="modal"
        role="dialog"
        aria-label="Import photos"
        onSubmit={(e) => {
          e.preventDefault();
          // The checked paths: "~" expanded, each one known to exist.
          if (checked.ready && checked.checks) onStart(checked.checks.map((c) => c.path), mode);
        }}
      >
        <h2>Import photos</h2>
        {kindChoice}
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
            dir="ltr"
          />
        </label>
        <PathCheckList checks={checked.checks} error={checked.error} pending={paths.length} />
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
          <button type="submit" className="primary" disabled={!checked.ready || photoCount === 0}>
            {checked.ready && photoCount > 0 ? `Import ${photoCount.toLocaleString()} photo${photoCount === 1 ? '' : 's'}` : 'Import'}
          </button>
        </div>
      </form>
    </div>
  );
}
