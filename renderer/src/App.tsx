// The app shell: toolbar, grid, side panels, viewer and dialogs; it holds the selection, the
// vocabulary and a change counter, and turns the core's events into refreshes for the views.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ArchiveInfo, ExportProgress, ImportMode, ImportProgress, PhotoSummary, Term } from '../../shared/api';
import type { Host } from './host';
import { BatchPanel } from './components/batch/BatchPanel';
import { EMPTY_SELECTION, clearSelection, moveCursor, selectedIds, type GridSelection } from './components/batch/selection';
import { Grid } from './components/Grid';
import { ImportBar } from './components/ImportBar';
import { ImportDialog } from './components/ImportDialog';
import { PhotoView } from './components/PhotoView';
import { ProblemsPanel } from './components/ProblemsPanel';
import { SettingsDialog } from './components/SettingsDialog';
import { ShortcutsSheet } from './components/ShortcutsSheet';
import { EditControls } from './components/shell/EditControls';
import { isTextField } from './components/shell/keys';
import { Toast, type ToastMessage } from './components/shell/Toast';
import { useUndoRedo } from './components/shell/useUndoRedo';
import { VocabularyScreen } from './components/vocabulary/VocabularyScreen';
import { ExportBar } from './components/export/ExportBar';
import { ExportDialog } from './components/export/ExportDialog';
import { Welcome } from './components/Welcome';

type ModalName = 'vocabulary' | 'shortcuts' | 'settings' | 'export';

const REGIONS_KEY = 'damage-archive.showRegions';

export function App({ host }: { host: Host }) {
  const [info, setInfo] = useState<ArchiveInfo | null>(null);
  const [photos, setPhotos] = useState<PhotoSummary[] | null>(null);
  const [selection, setSelection] = useState<GridSelection>(EMPTY_SELECTION);
  const [openIndex, setOpenIndex] = useState<number | null>(null);
  const [progress, setProgress] = useState<ImportProgress | null>(null);
  const [exportProgress, setExportProgress] = useState<ExportProgress | null>(null);
  const [dialog, setDialog] = useState<{ paths: string[] } | null>(null);
  const [showProblems, setShowProblems] = useState(false);
  const [showBatch, setShowBatch] = useState(false);
  const [showRegions, setShowRegions] = useState(() => localStorage.getItem(REGIONS_KEY) === '1');
  const [modal, setModal] = useState<ModalName | null>(null);
  const [terms, setTerms] = useState<Term[]>([]);
  // Counts annotation and vocabulary changes: views that show annotations read them again when it moves.
  const [version, setVersion] = useState(0);
  const [toast, setToast] = useState<ToastMessage | null>(null);
  const [error, setError] = useState<string | null>(null);
  const archivePath = useRef<string | null>(null);

  const notify = useCallback((text: string) => setToast((t) => ({ id: (t?.id ?? 0) + 1, text })), []);
  const clearToast = useCallback(() => setToast(null), []);
  const undoRedo = useUndoRedo(host, notify, setError);
  const { reload: reloadUndo, undo, redo } = undoRedo;

  const refresh = useCallback(async () => {
    try {
      const [i, p] = await Promise.all([host.api.getArchiveInfo({}), host.api.listPhotos({})]);
      // 'archive-changed' also follows edits such as merging terms; only another archive resets the view.
      if (archivePath.current !== null && archivePath.current !== i.path) {
        setOpenIndex(null);
        setSelection(EMPTY_SELECTION);
      }
      archivePath.current = i.path;
      setInfo(i);
      setPhotos(p);
    } catch (e) {
      setError(`Could not read the archive: ${(e as Error).message}`);
    }
  }, [host]);

  const loadTerms = useCallback(async () => {
    try {
      setTerms(await host.api.getVocabulary({}));
    } catch (e) {
      setError(`Could not read the vocabulary: ${(e as Error).message}`);
    }
  }, [host]);

  useEffect(() => {
    // refresh() and loadTerms() set state only after their requests resolve, never synchronously.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    void refresh();
    void loadTerms();
    void host.api.getImportProgress({}).then((p) => p && setProgress(p));
    let lastRefresh = 0;
    let lastState: string | null = null;
    return host.onEvent((e) => {
      switch (e.type) {
        case 'archive-changed':
          void refresh();
          void loadTerms();
          setVersion((v) => v + 1);
          reloadUndo();
          return;
        case 'annotations-changed':
          setVersion((v) => v + 1);
          reloadUndo();
          return;
        case 'vocabulary-changed':
          void loadTerms();
          setVersion((v) => v + 1);
          return;
        case 'command':
          if (e.command === 'import') setDialog({ paths: [] });
          else if (e.command === 'vocabulary') setModal('vocabulary');
          else if (e.command === 'export') setModal('export');
          // The menu's Undo in a text field means the field's own text undo.
          else if (isTextField(document.activeElement)) document.execCommand(e.command);
          else if (e.command === 'undo') undo();
          else redo();
          return;
        case 'export-progress':
          setExportProgress(e.progress);
          return;
        case 'import-progress': {
          setProgress(e.progress);
          // New photos appear while cataloguing (at most every 1.5 s); otherwise only phase changes matter.
          const now = Date.now();
          const cataloguing = e.progress.state === 'importing';
          if (e.progress.state !== lastState || (cataloguing && now - lastRefresh > 1500)) {
            lastRefresh = now;
            lastState = e.progress.state;
            void refresh();
          }
        }
      }
    });
  }, [host, refresh, loadTerms, reloadUndo, undo, redo]);

  // '?' opens the shortcuts sheet from anywhere but a text field (open dialogs keep their keys to themselves).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== '?' || e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || isTextField(e.target)) return;
      e.preventDefault();
      setModal('shortcuts');
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const startImport = useCallback(
    async (paths: string[], mode: ImportMode) => {
      setDialog(null);
      try {
        await host.api.startImport({ paths, mode });
      } catch (e) {
        setError((e as Error).message);
      }
    },
    [host],
  );

  const onDrop = useCallback(
    (ev: React.DragEvent) => {
      ev.preventDefault();
      const files = Array.from(ev.dataTransfer.files);
      const paths = host.pathForFile ? files.map((f) => host.pathForFile!(f)).filter(Boolean) : [];
      setDialog({ paths });
      if (!host.pathForFile && files.length > 0) {
        setError('In browser mode the browser hides where dropped files live: type or paste the folder path instead.');
      }
    },
    [host],
  );

  const toggleRegions = () => {
    localStorage.setItem(REGIONS_KEY, showRegions ? '0' : '1');
    setShowRegions(!showRegions);
  };

  const selected = useMemo(() => (photos ? selectedIds(selection, photos) : []), [selection, photos]);
  const running = progress?.state === 'scanning' || progress?.state === 'importing' || progress?.state === 'previews';
  const hasPhotos = !!photos && photos.length > 0;

  return (
    <div className="app" onDragOver={(e) => e.preventDefault()} onDrop={onDrop}>
      <header className="toolbar">
        <h1>Damage Archive</h1>
        <span className="archive-path" title={info?.path}>
          {info ? `${info.photoCount.toLocaleString()} photo${info.photoCount === 1 ? '' : 's'} · ${info.path}` : 'Opening…'}
        </span>
        <span className="spacer" />
        {selected.length > 0 && (
          <span className="selection-count" aria-live="polite">
            {`${selected.length.toLocaleString()} selected`}
            <button type="button" className="icon" aria-label="Clear the selection" title="Clear the selection (Esc)" onClick={() => setSelection(clearSelection)}>
              ×
            </button>
          </span>
        )}
        {hasPhotos && (
          <>
            <button type="button" aria-pressed={showBatch} onClick={() => setShowBatch((s) => !s)} title="Add or remove tags and set fields on the selected photos">
              Tag / describe selection…
            </button>
            <button type="button" aria-pressed={showRegions} className="toggle" onClick={toggleRegions} title="Draw region outlines on the thumbnails">
              Show regions
            </button>
          </>
        )}
        <EditControls undoRedo={undoRedo} />
        {hasPhotos && (
          <button type="button" disabled={exportProgress?.state === 'running'} onClick={() => setModal('export')}>
            Export…
          </button>
        )}
        <button type="button" onClick={() => setModal('vocabulary')}>
          Vocabulary
        </button>
        <button type="button" onClick={() => setModal('settings')}>
          Settings
        </button>
        <button type="button" className="icon" onClick={() => setModal('shortcuts')} aria-label="Keyboard shortcuts" title="Keyboard shortcuts (?)">
          ?
        </button>
        {info && info.problemCount > 0 && (
          <button type="button" className="link" onClick={() => setShowProblems((s) => !s)}>
            Import problems ({info.problemCount})
          </button>
        )}
        <button type="button" className="primary" disabled={running} onClick={() => setDialog({ paths: [] })}>
          Import…
        </button>
      </header>
      {error && (
        <div className="error-banner" role="alert">
          {error}
          <button type="button" aria-label="Dismiss" onClick={() => setError(null)}>
            ×
          </button>
        </div>
      )}
      <main className="content">
        {photos === null ? null : photos.length === 0 ? (
          <Welcome host={host} onImport={() => setDialog({ paths: [] })} />
        ) : (
          <Grid
            host={host}
            photos={photos}
            selection={selection}
            onSelection={setSelection}
            onOpen={(i) => setOpenIndex(i)}
            suspended={openIndex !== null || dialog !== null || modal !== null}
            showRegions={showRegions}
            regionsVersion={version}
          />
        )}
        {showBatch && hasPhotos && (
          <BatchPanel host={host} terms={terms} photoIds={selected} version={version} onApplied={notify} onClose={() => setShowBatch(false)} />
        )}
        {showProblems && <ProblemsPanel host={host} onClose={() => setShowProblems(false)} version={info?.problemCount ?? 0} />}
      </main>
      {progress && (
        <ImportBar
          progress={progress}
          onCancel={() => void host.api.cancelImport({ jobId: progress.jobId })}
          onDismiss={() => setProgress(null)}
          onShowProblems={() => setShowProblems(true)}
        />
      )}
      {exportProgress && (
        <ExportBar
          progress={exportProgress}
          onCancel={() => void host.api.cancelExport({ jobId: exportProgress.jobId })}
          onDismiss={() => setExportProgress(null)}
        />
      )}
      {openIndex !== null && photos && photos[openIndex] && (
        <PhotoView
          host={host}
          photos={photos}
          index={openIndex}
          onIndex={(i) => {
            setOpenIndex(i);
            setSelection((s) => moveCursor(s, photos, i));
          }}
          onClose={() => setOpenIndex(null)}
        />
      )}
      {dialog && <ImportDialog host={host} initialPaths={dialog.paths} onCancel={() => setDialog(null)} onStart={startImport} />}
      {modal === 'vocabulary' && <VocabularyScreen host={host} terms={terms} onClose={() => setModal(null)} />}
      {modal === 'shortcuts' && <ShortcutsSheet terms={terms} onClose={() => setModal(null)} />}
      {modal === 'export' && info && (
        <ExportDialog
          host={host}
          archiveDir={info.path}
          selectedIds={selected}
          photoCount={info.photoCount}
          onClose={() => setModal(null)}
          onStarted={() => notify('Export started.')}
        />
      )}
      {modal === 'settings' && <SettingsDialog host={host} onClose={() => setModal(null)} onSaved={notify} />}
      {toast && <Toast message={toast} onDone={clearToast} />}
    </div>
  );
}
