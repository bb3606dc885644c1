import { useCallback, useEffect, useState } from 'react';
import type { ArchiveInfo, ImportMode, ImportProgress, PhotoSummary } from '../../shared/api';
import type { Host } from './host';
import { Grid } from './components/Grid';
import { ImportBar } from './components/ImportBar';
import { ImportDialog } from './components/ImportDialog';
import { PhotoView } from './components/PhotoView';
import { ProblemsPanel } from './components/ProblemsPanel';
import { Welcome } from './components/Welcome';

export function App({ host }: { host: Host }) {
  const [info, setInfo] = useState<ArchiveInfo | null>(null);
  const [photos, setPhotos] = useState<PhotoSummary[] | null>(null);
  const [selected, setSelected] = useState(0);
  const [openIndex, setOpenIndex] = useState<number | null>(null);
  const [progress, setProgress] = useState<ImportProgress | null>(null);
  const [dialog, setDialog] = useState<{ paths: string[] } | null>(null);
  const [showProblems, setShowProblems] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const refresh = useCallback(async () => {
    try {
      const [i, p] = await Promise.all([host.api.getArchiveInfo({}), host.api.listPhotos({})]);
      setInfo(i);
      setPhotos(p);
    } catch (e) {
      setError(`Could not read the archive: ${(e as Error).message}`);
    }
  }, [host]);

  useEffect(() => {
    // refresh() sets state only after its requests resolve, never synchronously.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    void refresh();
    void host.api.getImportProgress({}).then((p) => p && setProgress(p));
    let lastRefresh = 0;
    let lastState: string | null = null;
    return host.onEvent((e) => {
      if (e.type === 'archive-changed') {
        setOpenIndex(null);
        setSelected(0);
        void refresh();
        return;
      }
      if (e.type === 'command') {
        if (e.command === 'import') setDialog({ paths: [] });
        return;
      }
      if (e.type !== 'import-progress') return;
      setProgress(e.progress);
      // New photos appear while cataloguing (at most every 1.5 s); otherwise only phase changes matter.
      const now = Date.now();
      const cataloguing = e.progress.state === 'importing';
      if (e.progress.state !== lastState || (cataloguing && now - lastRefresh > 1500)) {
        lastRefresh = now;
        lastState = e.progress.state;
        void refresh();
      }
    });
  }, [host, refresh]);

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

  const running = progress?.state === 'scanning' || progress?.state === 'importing' || progress?.state === 'previews';

  return (
    <div className="app" onDragOver={(e) => e.preventDefault()} onDrop={onDrop}>
      <header className="toolbar">
        <h1>Damage Archive</h1>
        <span className="archive-path" title={info?.path}>
          {info ? `${info.photoCount.toLocaleString()} photo${info.photoCount === 1 ? '' : 's'} · ${info.path}` : 'Opening…'}
        </span>
        <span className="spacer" />
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
            selected={selected}
            onSelect={setSelected}
            onOpen={(i) => setOpenIndex(i)}
            suspended={openIndex !== null || dialog !== null}
          />
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
      {openIndex !== null && photos && photos[openIndex] && (
        <PhotoView
          host={host}
          photos={photos}
          index={openIndex}
          onIndex={(i) => {
            setOpenIndex(i);
            setSelected(i);
          }}
          onClose={() => setOpenIndex(null)}
        />
      )}
      {dialog && <ImportDialog host={host} initialPaths={dialog.paths} onCancel={() => setDialog(null)} onStart={startImport} />}
    </div>
  );
}
