// Choosing what to export, in which format, and where; the export itself runs in the background.
import { useState } from 'react';
import { DEFAULT_SHARE, type ExportFormat, type ExportOptions, type ExportProfileName, type ShareOptions as Share } from '../../../../shared/api';
import type { Host } from '../../host';
import { Modal } from '../shell/Modal';
import { CustodyReportButton } from '../custody/CustodyReportButton';
import { CatalogueCover } from './CatalogueCover';
import { EXPORT_FORMATS, suggestedPath } from './formats';
import { ShareOptions } from './ShareOptions';
import { useExportPreview } from './useExportPreview';
import './export.css';

interface Props {
  host: Host;
  archiveDir: string;
  selectedIds: number[];
  /** The photos the grid shows under the current search and filters; null when nothing is filtered. */
  shownIds: number[] | null;
  photoCount: number;
  onClose(): void;
  onStarted(): void;
}

export function ExportDialog({ host, archiveDir, selectedIds, shownIds, photoCount, onClose, onStarted }: Props) {
  const [format, setFormat] = useState<ExportFormat>('bagit');
  const [scope, setScope] = useState<'selection' | 'filter' | 'all'>(selectedIds.length > 0 ? 'selection' : shownIds ? 'filter' : 'all');
  const [out, setOut] = useState(() => suggestedPath(archiveDir, 'bagit'));
  const [outEdited, setOutEdited] = useState(false);
  const [bom, setBom] = useState(true);
  const [org, setOrg] = useState('');
  const [contact, setContact] = useState('');
  const [description, setDescription] = useState('');
  const [catalogueTitle, setCatalogueTitle] = useState('');
  const [error, setError] = useState<string | null>(null);
  // Share is the default: whatever is exported leaves the archive.
  const [profile, setProfile] = useState<ExportProfileName>('share');
  const [share, setShare] = useState<Share>(DEFAULT_SHARE);
  const photoIds = scope === 'selection' ? selectedIds : scope === 'filter' && shownIds ? shownIds : null;
  const options: ExportOptions = { bom, sourceOrganization: org, contactName: contact, externalDescription: description, profile, share, catalogueTitle };
  const { preview, error: previewError } = useExportPreview(host, photoIds, options);

  const choose = (f: ExportFormat) => {
    setFormat(f);
    if (!outEdited) setOut(suggestedPath(archiveDir, f));
  };
  const pickFolder = async () => {
    const [folder] = (await host.pickImportPaths?.('folders')) ?? [];
    if (!folder) return;
    const name = out.split(/[\\/]/).pop() ?? `${format}-export`;
    setOut(`${folder}${folder.includes('\\') && !folder.includes('/') ? '\\' : '/'}${name}`);
    setOutEdited(true);
  };
  const start = async () => {
    setError(null);
    try {
      await host.api.startExport({
        format,
        out: out.trim(),
        photoIds,
        options,
      });
      onStarted();
      onClose();
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const count = scope === 'selection' ? selectedIds.length : scope === 'filter' && shownIds ? shownIds.length : photoCount;

  return (
    <Modal title="Export" onClose={onClose} className="export-dialog">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void start();
        }}
      >
        <h2>Export</h2>
        <fieldset>
          <legend>Format</legend>
          {EXPORT_FORMATS.map((f) => (
            <label key={f.format} className="export-format">
              <input type="radio" name="format" checked={format === f.format} onChange={() => choose(f.format)} />
              <span>
                <strong>{f.name}</strong>
                <span className="muted"> · {f.forWhom}</span>
              </span>
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend>Photos</legend>
          <label>
            <input type="radio" name="scope" checked={scope === 'selection'} disabled={selectedIds.length === 0} onChange={() => setScope('selection')} /> The{' '}
            {selectedIds.length.toLocaleString()} selected
          </label>
          {shownIds && (
            <label>
              <input type="radio" name="scope" checked={scope === 'filter'} onChange={() => setScope('filter')} /> The{' '}
              {shownIds.length.toLocaleString()} shown by the current search and filters
            </label>
          )}
          <label>
            <input type="radio" name="scope" checked={scope === 'all'} onChange={() => setScope('all')} /> The whole archive ({photoCount.toLocaleString()})
          </label>
        </fieldset>
        {/* The custody report of the photos being exported, to send with them (getCustodyReport takes up to 10,000). */}
        {photoIds && photoIds.length > 0 && photoIds.length <= 10_000 && (
          <div className="row export-custody">
            <span className="muted small">
              Custody report of {photoIds.length === 1 ? 'this photo' : `these ${photoIds.length.toLocaleString()} photos`}: hashes, every event and edit,
              the chain check, time-stamps.
            </span>
            <CustodyReportButton host={host} photoIds={photoIds} onError={setError} />
          </div>
        )}
        <ShareOptions allCopies={format === 'images'} profile={profile} share={share} preview={preview} previewError={previewError} onProfile={setProfile} onShare={setShare} />
        <label className="field">
          <span>Save as (must not exist yet; it appears only when the export is complete)</span>
          <div className="row">
            <input
              type="text"
              aria-label="Save as"
              value={out}
              spellCheck={false}
              onChange={(e) => {
                setOut(e.target.value);
                setOutEdited(true);
              }}
            />
            {host.pickImportPaths && (
              <button type="button" onClick={() => void pickFolder()}>
                Folder…
              </button>
            )}
          </div>
        </label>
        {format === 'csv' && (
          <label>
            <input type="checkbox" checked={bom} onChange={(e) => setBom(e.target.checked)} /> Start with a UTF-8 byte-order mark (Excel needs it to read
            Cyrillic and accents right)
          </label>
        )}
        {format === 'html' && <CatalogueCover title={catalogueTitle} organization={org} onTitle={setCatalogueTitle} onOrganization={setOrg} />}
        {format === 'bagit' && (
          <fieldset>
            <legend>bag-info.txt</legend>
            <label className="field">
              <span>Source organization</span>
              <input type="text" value={org} onChange={(e) => setOrg(e.target.value)} />
            </label>
            <label className="field">
              <span>Contact name</span>
              <input type="text" value={contact} onChange={(e) => setContact(e.target.value)} />
            </label>
            <label className="field">
              <span>Description</span>
              <textarea rows={2} value={description} onChange={(e) => setDescription(e.target.value)} />
            </label>
          </fieldset>
        )}
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <div className="row end">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={count === 0 || !out.trim()}>
            Export {count.toLocaleString()} photo{count === 1 ? '' : 's'}
          </button>
        </div>
      </form>
    </Modal>
  );
}
