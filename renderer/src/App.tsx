// The app shell: toolbar, grid, side panels, viewer and dialogs; it holds the selection, the
// vocabulary and a change counter, and turns the core's events into refreshes for the views.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ArchiveInfo, ExportProgress, ImportMode, ImportProgress, PhotoQuery, PhotoSummary, Term } from '../../shared/api';
import type { Host } from './host';
import { BatchPanel } from './components/batch/BatchPanel';
import { EMPTY_SELECTION, clearSelection, moveCursor, selectedIds, type GridSelection } from './components/batch/selection';
import { Grid } from './components/Grid';
import { ImportBar } from './components/ImportBar';
import { BagProblemsDialog } from './components/BagProblemsDialog';
import { ImportDialog } from './components/ImportDialog';
import { PhotoView } from './components/PhotoView';
import { ProblemsPanel } from './components/ProblemsPanel';
import { SettingsDialog } from './components/SettingsDialog';
import { CustodyReportButton } from './components/custody/CustodyReportButton';
import { WhoIsWorking } from './components/custody/WhoIsWorking';
import { WithdrawButton } from './components/custody/WithdrawButton';
import { VerifyButton } from './components/custody/VerifyButton';
import { ShortcutsSheet } from './components/ShortcutsSheet';
import { ArchivePath } from './components/shell/ArchivePath';
import { EditControls } from './components/shell/EditControls';
import { isTextField } from './components/shell/keys';
import { Toast, type ToastMessage } from './components/shell/Toast';
import { useUndoRedo } from './components/shell/useUndoRedo';
import { VocabularyScreen } from './components/vocabulary/VocabularyScreen';
import { ExportBar } from './components/export/ExportBar';
import { ExportDialog } from './components/export/ExportDialog';
import { Welcome } from './components/Welcome';
import { CollectionsPanel } from './components/collections/CollectionsPanel';
import { isPhotoDrag } from './components/collections/dnd';
import { useCollections } from './components/collections/useCollections';
import { FacetPanel } from './components/facets/FacetPanel';
import { useFacets } from './components/facets/useFacets';
import { MapView } from './components/map/MapView';
import { BrowseBar, type BrowseMode } from './components/search/BrowseBar';
import { EMPTY_QUERY, clearAll, dependsOnAnnotations, isFiltered } from './components/search/query';
import { SearchBox } from './components/search/SearchBox';
import { Sidebar } from './components/search/Sidebar';

type ModalName = 'vocabulary' | 'shortcuts' | 'settings' | 'export';

const REGIONS_KEY = 'damage-archive.showRegions';
const SIDEBAR_KEY = 'damage-archive.sidebar';
const MODE_KEY = 'damage-archive.browseMode';

export function App({ host }: { host: Host }) {
  const [info, setInfo] = useState<ArchiveInfo | null>(null);
  // The grid's photos: what searchPhotos returned for the query (key: that query, as JSON).
  const [results, setResults] = useState<{ key: string; photos: PhotoSummary[] } | null>(null);
  const photos = results?.photos ?? null;
  const [query, setQueryState] = useState<PhotoQuery>(EMPTY_QUERY);
  const queryRef = useRef(query);
  // Bumped to read the grid again (the query itself changing reads it anyway).
  const [listVersion, setListVersion] = useState(0);
  const [collectionsVersion, setCollectionsVersion] = useState(0);
  const [mode, setModeState] = useState<BrowseMode>(() => (localStorage.getItem(MODE_KEY) === 'map' ? 'map' : 'grid'));
  const [sidebar, setSidebarState] = useState(() => localStorage.getItem(SIDEBAR_KEY) !== '0');
  const [selection, setSelection] = useState<GridSelection>(EMPTY_SELECTION);
  // The viewer steps through the list it was opened on, even if the grid refreshes meanwhile.
  const [viewer, setViewer] = useState<{ photos: PhotoSummary[]; index: number } | null>(null);
  const [progress, setProgress] = useState<ImportProgress | null>(null);
  const [exportProgress, setExportProgress] = useState<ExportProgress | null>(null);
  const [dialog, setDialog] = useState<{ paths: string[]; kind?: 'photos' | 'bag' } | null>(null);
  // A refused bag's problems, shown until dismissed (the import bar can show them again).
  const [bagProblems, setBagProblems] = useState<ImportProgress | null>(null);
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
      const i = await host.api.getArchiveInfo({});
      // 'archive-changed' also follows edits such as merging terms; only another archive resets the view.
      if (archivePath.current !== null && archivePath.current !== i.path) {
        setViewer(null);
        setSelection(EMPTY_SELECTION);
        // Albums and terms belong to the archive they were chosen in.
        setQueryState((q) => clearAll(q));
      }
      // The first read comes with the grid's own first search; later ones mean the photos changed.
      if (archivePath.current !== null) setListVersion((v) => v + 1);
      archivePath.current = i.path;
      setInfo(i);
    } catch (e) {
      setError(`Could not read the archive: ${(e as Error).message}`);
    }
  }, [host]);

  useEffect(() => {
    queryRef.current = query;
  }, [query]);

  // The grid: the photos matching the query, read again when the query or the archive changes.
  useEffect(() => {
    let live = true;
    const key = JSON.stringify(query);
    host.api.searchPhotos(query).then(
      (p) => live && setResults({ key, photos: p }),
      (e: Error) => live && setError(`Could not search the archive: ${e.message}`),
    );
    return () => {
      live = false;
    };
  }, [host, query, listVersion]);

  const setQuery = useCallback((q: PhotoQuery) => {
    setQueryState(q);
    // A new result starts at the top; the selection (kept by id) stays.
    setSelection((s) => ({ ...s, cursor: 0, anchor: 0 }));
  }, []);
  const setSearchText = useCallback((text: string) => setQuery({ ...queryRef.current, text }), [setQuery]);
  const setMode = (m: BrowseMode) => {
    localStorage.setItem(MODE_KEY, m);
    setModeState(m);
  };
  const setSidebar = (open: boolean) => {
    localStorage.setItem(SIDEBAR_KEY, open ? '1' : '0');
    setSidebarState(open);
  };

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
          // Only a query that looks at annotations can find other photos after an edit.
          if (dependsOnAnnotations(queryRef.current)) setListVersion((v) => v + 1);
          reloadUndo();
          return;
        case 'vocabulary-changed':
          void loadTerms();
          // A merge clears the undo steps: the toolbar must say so at once.
          reloadUndo();
          setVersion((v) => v + 1);
          if (dependsOnAnnotations(queryRef.current)) setListVersion((v) => v + 1);
          return;
        case 'collections-changed':
          setCollectionsVersion((v) => v + 1);
          // An album's photos (or a saved search's) may be what the grid shows.
          if (queryRef.current.collectionId !== null) setListVersion((v) => v + 1);
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
          if (e.progress.state === 'failed' && e.progress.bag?.problems.length) setBagProblems(e.progress);
          // New photos appear while cataloguing (at most every 1.5 s); otherwise only phase changes matter.
          const now = Date.now();
          const cataloguing = e.progress.state === 'importing';
          if (e.progress.state !== lastState || (cataloguing && now - lastRefresh > 1500)) {
            lastRefresh = now;
            lastState = e.progress.state;
            void refresh();
          }
          return;
        }
        default:
          // Any other change the core announces (e.g. to collections): counts and lists are read again.
          setVersion((v) => v + 1);
          setListVersion((v) => v + 1);
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

  const startBagImport = useCallback(
    async (path: string) => {
      setDialog(null);
      try {
        await host.api.startBagImport({ path });
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
      // Photos dragged from the grid and dropped anywhere but on an album are not an import.
      if (isPhotoDrag(ev.dataTransfer)) return;
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
  const hasPhotos = (info?.photoCount ?? 0) > 0;
  const filtered = isFiltered(query);
  const browsing = hasPhotos && viewer === null && dialog === null && modal === null && bagProblems === null;
  const { facets, error: facetsError } = useFacets(host, query, version + listVersion, hasPhotos && sidebar);
  // Counters only grow, so their sum moves whenever one of them does.
  const collections = useCollections(host, version + listVersion + collectionsVersion);
  const nameOf = useMemo(() => {
    const names = new Map((photos ?? []).map((p) => [p.id, p.fileName]));
    return (id: number) => names.get(id);
  }, [photos]);

  // Failed imports (listed under the "Import problems" flag) have nothing to show or annotate.
  const openAt = useCallback(
    (i: number) => {
      if (photos?.[i]?.status === 'error') notify('This file could not be imported: see Import problems for the reason.');
      else if (photos?.[i]) setViewer({ photos, index: i });
    },
    [photos, notify],
  );
  const openId = useCallback(
    (id: number) => {
      const i = photos?.findIndex((p) => p.id === id) ?? -1;
      if (photos && i >= 0 && photos[i]!.status !== 'error') {
        setViewer({ photos, index: i });
        setSelection((s) => moveCursor(s, photos, i));
      }
    },
    [photos],
  );
  const reloadCollections = collections.reload;
  const onCollectionsChanged = useCallback(() => {
    reloadCollections();
    // An album's photos may be the grid (when it is the one shown).
    if (queryRef.current.collectionId !== null) setListVersion((v) => v + 1);
  }, [reloadCollections]);

  return (
    <div className="app" onDragOver={(e) => e.preventDefault()} onDrop={onDrop}>
      <header className="toolbar">
        <h1>Damage Archive</h1>
        {hasPhotos && <SearchBox value={query.text} onChange={setSearchText} suspended={!browsing} />}
        {/* With photos, the browse bar below says how many there are and how many are shown. */}
        {!info ? <span className="archive-path">Opening…</span> : <ArchivePath path={info.path} prefix={hasPhotos ? undefined : `${info.photoCount.toLocaleString()} photos ·`} />}
        <span className="spacer" />
        {hasPhotos && (
          <>
            <button
              type="button"
              aria-pressed={showBatch}
              aria-label="Tag / describe selection…"
              onClick={() => setShowBatch((s) => !s)}
              title="Tag / describe selection: add or remove tags and set fields on the selected photos"
            >
              Tag / describe…
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
        {hasPhotos && <VerifyButton host={host} />}
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
      {hasPhotos && (
        <BrowseBar
          query={query}
          onQuery={setQuery}
          // While a new query runs, the grid still shows the last result: no count until it arrives.
          shown={photos && results?.key === JSON.stringify(query) ? photos.length : null}
          total={info?.photoCount ?? 0}
          facets={facets}
          terms={terms}
          collections={collections.list}
          mode={mode}
          onMode={setMode}
          sidebar={sidebar}
          onSidebar={setSidebar}
        >
          {/* In the browse bar rather than the toolbar, so selecting never reflows the toolbar. */}
          {selected.length > 0 && (
            <span className="selection-count" aria-live="polite">
              {`${selected.length.toLocaleString()} selected`}
              <button type="button" className="icon" aria-label="Clear the selection" title="Clear the selection (Esc)" onClick={() => setSelection(clearSelection)}>
                ×
              </button>
            </span>
          )}
          {selected.length > 0 && (
            <span className="selection-custody">
              <WithdrawButton host={host} photoIds={selected} reinstate={query.flags.includes('withdrawn')} onDone={notify} onError={setError} />
              <CustodyReportButton host={host} photoIds={selected} onError={setError} />
            </span>
          )}
        </BrowseBar>
      )}
      <main className="content">
        {hasPhotos && sidebar && (
          <Sidebar>
            <CollectionsPanel
              host={host}
              collections={collections.list}
              error={collections.error}
              query={query}
              selectedIds={selected}
              onQuery={setQuery}
              onChanged={onCollectionsChanged}
              notify={notify}
              onError={setError}
            />
            <FacetPanel terms={terms} query={query} facets={facets} error={facetsError} onQuery={setQuery} onClear={() => setQuery(clearAll(query))} />
          </Sidebar>
        )}
        {photos === null || info === null ? null : !hasPhotos && !filtered ? (
          <Welcome host={host} onImport={() => setDialog({ paths: [] })} onImportBag={() => setDialog({ paths: [], kind: 'bag' })} />
        ) : mode === 'map' ? (
          <MapView host={host} query={query} version={version + listVersion} nameOf={nameOf} onQuery={setQuery} onOpen={openId} placeIds={selected} />
        ) : photos.length === 0 ? (
          <div className="no-results" role="status">
            <p>No photos match{query.text.trim() ? ` “${query.text.trim()}”` : ''} with these filters.</p>
            <button type="button" onClick={() => setQuery(clearAll(query))}>
              Clear search and filters
            </button>
          </div>
        ) : (
          <Grid
            key={results?.key}
            host={host}
            photos={photos}
            selection={selection}
            onSelection={setSelection}
            onOpen={openAt}
            suspended={!browsing}
            showRegions={showRegions}
            regionsVersion={version}
          />
        )}
        {showBatch && hasPhotos && (
          <BatchPanel host={host} terms={terms} photoIds={selected} version={version} onApplied={notify} onClose={() => setShowBatch(false)} />
        )}
        {showProblems && <ProblemsPanel host={host} onClose={() => setShowProblems(false)} version={info?.problemCount ?? 0} />}
      </main>
      {/* One status line: a finished job's bar gives way to the next job's (both show only while both run). */}
      {progress && (running || !exportProgress) && (
        <ImportBar
          progress={progress}
          onCancel={() => void host.api.cancelImport({ jobId: progress.jobId })}
          onDismiss={() => setProgress(null)}
          onShowProblems={() => setShowProblems(true)}
          onShowBagProblems={() => setBagProblems(progress)}
        />
      )}
      {exportProgress && (exportProgress.state === 'running' || !running) && (
        <ExportBar
          progress={exportProgress}
          onCancel={() => void host.api.cancelExport({ jobId: exportProgress.jobId })}
          onDismiss={() => setExportProgress(null)}
        />
      )}
      {viewer && viewer.photos[viewer.index] && (
        <PhotoView
          host={host}
          photos={viewer.photos}
          index={viewer.index}
          onIndex={(i) => {
            setViewer({ photos: viewer.photos, index: i });
            // The grid's cursor follows, where that photo is in the grid.
            const id = viewer.photos[i]?.id;
            const at = photos?.findIndex((p) => p.id === id) ?? -1;
            if (photos && at >= 0) setSelection((s) => moveCursor(s, photos, at));
          }}
          onClose={() => setViewer(null)}
          editControls={<EditControls undoRedo={undoRedo} />}
        />
      )}
      {dialog && (
        <ImportDialog
          host={host}
          initialPaths={dialog.paths}
          initialKind={dialog.kind}
          onCancel={() => setDialog(null)}
          onStart={startImport}
          onStartBag={startBagImport}
        />
      )}
      {bagProblems?.bag && (
        <BagProblemsDialog bagPath={bagProblems.bag.path} message={bagProblems.message} problems={bagProblems.bag.problems} onClose={() => setBagProblems(null)} />
      )}
      {modal === 'vocabulary' && <VocabularyScreen host={host} terms={terms} onClose={() => setModal(null)} />}
      {modal === 'shortcuts' && <ShortcutsSheet terms={terms} onClose={() => setModal(null)} />}
      {modal === 'export' && info && (
        <ExportDialog
          host={host}
          archiveDir={info.path}
          selectedIds={selected}
          shownIds={filtered && photos ? photos.map((p) => p.id) : null}
          photoCount={info.photoCount}
          onClose={() => setModal(null)}
          // The export bar reports the export from its start: a toast would arrive out of order.
          onStarted={() => undefined}
        />
      )}
      {modal === 'settings' && <SettingsDialog host={host} onClose={() => setModal(null)} onSaved={notify} />}
      <WhoIsWorking host={host} onSaved={notify} />
      {toast && <Toast message={toast} onDone={clearToast} />}
    </div>
  );
}
