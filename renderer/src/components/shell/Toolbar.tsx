// The window's toolbar: the search box and archive path, the grid's toggles, Undo/Redo, the
// dialogs' buttons and Import. The buttons that act on photos show only once there are some.
import type { ReactNode } from 'react';
import type { ArchiveInfo } from '../../../../shared/api';
import { ArchivePath } from './ArchivePath';
import { EditControls } from './EditControls';
import type { ModalName } from './useModal';
import type { UndoRedo } from './useUndoRedo';

interface Props {
  info: ArchiveInfo | null;
  /** The search box (shown only with photos). */
  search: ReactNode;
  batchOpen: boolean;
  onToggleBatch(): void;
  showRegions: boolean;
  onToggleRegions(): void;
  undoRedo: UndoRedo;
  exportRunning: boolean;
  importRunning: boolean;
  onModal(modal: ModalName): void;
  onToggleProblems(): void;
  onImport(): void;
  /** Buttons that open their own screens (Sites, Verify…), after Export; shown only with photos. */
  tools?: ReactNode;
}

export function Toolbar({ info, search, batchOpen, onToggleBatch, showRegions, onToggleRegions, undoRedo, exportRunning, importRunning, onModal, onToggleProblems, onImport, tools }: Props) {
  const hasPhotos = (info?.photoCount ?? 0) > 0;
  return (
    <header className="toolbar">
      <h1>Damage Archive</h1>
      {hasPhotos && search}
      {/* With photos, the browse bar below says how many there are and how many are shown. */}
      {!info ? <span className="archive-path">Opening…</span> : <ArchivePath path={info.path} prefix={hasPhotos ? undefined : `${info.photoCount.toLocaleString()} photos ·`} />}
      <span className="spacer" />
      {hasPhotos && (
        <>
          <button
            type="button"
            aria-pressed={batchOpen}
            aria-label="Tag / describe selection…"
            onClick={onToggleBatch}
            title="Tag / describe selection: add or remove tags and set fields on the selected photos"
          >
            Tag / describe…
          </button>
          <button type="button" aria-pressed={showRegions} className="toggle" onClick={onToggleRegions} title="Draw region outlines on the thumbnails">
            Show regions
          </button>
        </>
      )}
      <EditControls undoRedo={undoRedo} />
      {hasPhotos && (
        <button type="button" disabled={exportRunning} onClick={() => onModal('export')}>
          Export…
        </button>
      )}
      {hasPhotos && tools}
      <button type="button" onClick={() => onModal('vocabulary')}>
        Vocabulary
      </button>
      <button type="button" onClick={() => onModal('settings')}>
        Settings
      </button>
      <button type="button" className="icon" onClick={() => onModal('shortcuts')} aria-label="Keyboard shortcuts" title="Keyboard shortcuts (?)">
        ?
      </button>
      {info && info.problemCount > 0 && (
        <button type="button" className="link" onClick={onToggleProblems}>
          Import problems ({info.problemCount})
        </button>
      )}
      <button type="button" className="primary" disabled={importRunning} onClick={onImport}>
        Import…
      </button>
    </header>
  );
}
