// The app shell: toolbar, grid, side panels, viewer and dialogs, composed. The state lives in hooks
// beside the components that own it; this file lays them out and wires one to another, and feeds the
// core's events (one subscription) to each hook that reacts to them.
import { useCallback, useMemo } from 'react';
import type { Host } from './host';
import { BatchPanel } from './components/batch/BatchPanel';
import { useBatchPanel } from './components/batch/useBatchPanel';
import { Grid } from './components/Grid';
import { SelectionActions } from './components/grid/SelectionActions';
import { useGridSelection, useSelectedIds } from './components/grid/useGridSelection';
import { useShowRegions } from './components/grid/useShowRegions';
import { ImportDialogs } from './components/import/ImportDialogs';
import { useImports } from './components/import/useImports';
import { PhotoView } from './components/PhotoView';
import { useViewer } from './components/viewer/useViewer';
import { ProblemsPanel } from './components/ProblemsPanel';
import { SettingsDialog } from './components/SettingsDialog';
import { WhoIsWorking } from './components/custody/WhoIsWorking';
import { VerifyButton } from './components/custody/VerifyButton';
import { ShortcutsSheet } from './components/ShortcutsSheet';
import { ErrorBanner } from './components/shell/ErrorBanner';
import { EditControls } from './components/shell/EditControls';
import { JobBars } from './components/shell/JobBars';
import { Toolbar } from './components/shell/Toolbar';
import { runMenuCommand } from './components/shell/menuCommand';
import { Toast } from './components/shell/Toast';
import { useArchive } from './components/shell/useArchive';
import { useHostEvents } from './components/shell/useHostEvents';
import { useModal } from './components/shell/useModal';
import { useNotices } from './components/shell/useNotices';
import { useUndoRedo } from './components/shell/useUndoRedo';
import { VocabularyScreen } from './components/vocabulary/VocabularyScreen';
import { useTerms } from './components/vocabulary/useTerms';
import { ExportDialog } from './components/export/ExportDialog';
import { useExportProgress } from './components/export/useExportProgress';
import { Welcome } from './components/Welcome';
import { CollectionsPanel } from './components/collections/CollectionsPanel';
import { useCollections } from './components/collections/useCollections';
import { FacetPanel } from './components/facets/FacetPanel';
import { useFacets } from './components/facets/useFacets';
import { MapView } from './components/map/MapView';
import { BrowseBar } from './components/search/BrowseBar';
import { NoResults } from './components/search/NoResults';
import { useBrowseLayout } from './components/search/useBrowseLayout';
import { clearAll, isFiltered } from './components/search/query';
import { useSearch } from './components/search/useSearch';
import { SearchBox } from './components/search/SearchBox';
import { Sidebar } from './components/search/Sidebar';
import { SitesButton } from './components/sites/SitesButton';

export function App({ host }: { host: Host }) {
  const { toast, notify, clearToast, error, setError } = useNotices();
  const { mode, setMode, sidebar, setSidebar } = useBrowseLayout();
  const { showRegions, toggleRegions } = useShowRegions();
  const batch = useBatchPanel();
  const [modal, setModal] = useModal();
  const grid = useGridSelection();
  const search = useSearch(host, setError, grid.toTop);
  const { query, setQuery, photos, listVersion } = search;
  const viewer = useViewer(photos, grid.moveTo, notify);
  const archive = useArchive(host, {
    onError: setError,
    onPhotosChanged: search.reread,
    onOtherArchive: () => {
      viewer.close();
      grid.reset();
      // Albums and terms belong to the archive they were chosen in.
      search.clearQuery();
    },
  });
  const { info, version } = archive;
  const vocabulary = useTerms(host, setError);
  const terms = vocabulary.terms;
  const imports = useImports(host, setError);
  const { running, dialog, bagProblems } = imports;
  const exports = useExportProgress();
  const undoRedo = useUndoRedo(host, notify, setError);

  useHostEvents(host, (e) => {
    archive.handleEvent(e);
    vocabulary.handleEvent(e);
    search.handleEvent(e);
    undoRedo.handleEvent(e);
    imports.handleEvent(e);
    exports.handleEvent(e);
    if (e.type === 'command') runMenuCommand(e.command, { openImport: imports.openDialog, openModal: setModal, undo: undoRedo.undo, redo: undoRedo.redo });
  });

  const selected = useSelectedIds(grid.selection, photos);
  const hasPhotos = (info?.photoCount ?? 0) > 0;
  const filtered = isFiltered(query);
  const browsing = hasPhotos && viewer.open === null && dialog === null && modal === null && bagProblems === null;
  const { facets, error: facetsError } = useFacets(host, query, version + listVersion, hasPhotos && sidebar);
  // Counters only grow, so their sum moves whenever one of them does.
  const collections = useCollections(host, version + listVersion + archive.collectionsVersion);
  const nameOf = useMemo(() => {
    const names = new Map((photos ?? []).map((p) => [p.id, p.fileName]));
    return (id: number) => names.get(id);
  }, [photos]);

  const reloadCollections = collections.reload;
  const { collectionEdited } = search;
  const onCollectionsChanged = useCallback(() => {
    reloadCollections();
    // An album's photos may be the grid (when it is the one shown).
    collectionEdited();
  }, [reloadCollections, collectionEdited]);

  return (
    <div className="app" onDragOver={(e) => e.preventDefault()} onDrop={imports.onDrop}>
      <Toolbar
        info={info}
        search={<SearchBox value={query.text} onChange={search.setSearchText} suspended={!browsing} />}
        batchOpen={batch.open}
        onToggleBatch={batch.toggle}
        showRegions={showRegions}
        onToggleRegions={toggleRegions}
        undoRedo={undoRedo}
        exportRunning={exports.running}
        importRunning={running}
        onModal={setModal}
        onToggleProblems={() => imports.setShowProblems((s) => !s)}
        onImport={() => imports.openDialog()}
        tools={
          <>
            <SitesButton host={host} selectedIds={selected} notify={notify} />
            <VerifyButton host={host} />
          </>
        }
      />
      {error && <ErrorBanner error={error} onDismiss={() => setError(null)} />}
      {hasPhotos && (
        <BrowseBar
          query={query}
          onQuery={setQuery}
          // While a new query runs, the grid still shows the last result: no count until it arrives.
          shown={search.shown}
          total={info?.photoCount ?? 0}
          facets={facets}
          terms={terms}
          collections={collections.list}
          mode={mode}
          onMode={setMode}
          sidebar={sidebar}
          onSidebar={setSidebar}
        >
          <SelectionActions host={host} selected={selected} reinstate={query.flags.includes('withdrawn')} onClear={grid.clear} notify={notify} onError={setError} />
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
          <Welcome host={host} onImport={() => imports.openDialog()} onImportBag={() => imports.openDialog({ paths: [], kind: 'bag' })} />
        ) : mode === 'map' ? (
          <MapView host={host} query={query} version={version + listVersion} nameOf={nameOf} onQuery={setQuery} onOpen={viewer.openId} placeIds={selected} />
        ) : photos.length === 0 ? (
          <NoResults text={query.text} onClear={() => setQuery(clearAll(query))} />
        ) : (
          <Grid
            key={search.resultsKey ?? undefined}
            host={host}
            photos={photos}
            selection={grid.selection}
            onSelection={grid.setSelection}
            onOpen={viewer.openAt}
            suspended={!browsing}
            showRegions={showRegions}
            regionsVersion={version}
          />
        )}
        {batch.open && hasPhotos && (
          <BatchPanel host={host} terms={terms} photoIds={selected} version={version} onApplied={notify} onClose={batch.close} />
        )}
        {imports.showProblems && <ProblemsPanel host={host} onClose={() => imports.setShowProblems(false)} version={info?.problemCount ?? 0} />}
      </main>
      <JobBars host={host} imports={imports} exports={exports} />
      {viewer.open && viewer.open.photos[viewer.open.index] && (
        <PhotoView
          host={host}
          photos={viewer.open.photos}
          index={viewer.open.index}
          onIndex={viewer.step}
          onClose={viewer.close}
          editControls={<EditControls undoRedo={undoRedo} />}
        />
      )}
      <ImportDialogs host={host} imports={imports} />
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
