// Imports as the shell shows them: the dialog that starts one (from the toolbar, the menu, the
// welcome screen or a drop), the running or last import's progress, a refused bag's problems and
// the "Import problems" panel.
import { useCallback, useEffect, useState } from 'react';
import type { ApiEvent, ImportMode, ImportProgress } from '../../../../shared/api';
import type { Host } from '../../host';
import { isPhotoDrag } from '../collections/dnd';

export interface ImportDialogRequest {
  paths: string[];
  kind?: 'photos' | 'bag';
}

export interface Imports {
  progress: ImportProgress | null;
  running: boolean;
  dismissProgress(): void;
  dialog: ImportDialogRequest | null;
  openDialog(request?: ImportDialogRequest): void;
  closeDialog(): void;
  startImport(paths: string[], mode: ImportMode): Promise<void>;
  startBagImport(path: string): Promise<void>;
  /** A drop of files anywhere in the window opens the dialog with their paths. */
  onDrop(ev: React.DragEvent): void;
  /** A refused bag's problems, shown until dismissed (the import bar can show them again). */
  bagProblems: ImportProgress | null;
  setBagProblems(progress: ImportProgress | null): void;
  showProblems: boolean;
  setShowProblems(show: boolean | ((shown: boolean) => boolean)): void;
  /** Feeds the core's events in (the shell holds the one event subscription). */
  handleEvent(e: ApiEvent): void;
}

export function useImports(host: Host, onError: (message: string) => void): Imports {
  const [progress, setProgress] = useState<ImportProgress | null>(null);
  const [dialog, setDialog] = useState<ImportDialogRequest | null>(null);
  const [bagProblems, setBagProblems] = useState<ImportProgress | null>(null);
  const [showProblems, setShowProblems] = useState(false);

  // An import may already be running (started before this window opened).
  useEffect(() => {
    void host.api.getImportProgress({}).then((p) => p && setProgress(p));
  }, [host]);

  const handleEvent = useCallback((e: ApiEvent) => {
    if (e.type !== 'import-progress') return;
    setProgress(e.progress);
    if (e.progress.state === 'failed' && e.progress.bag?.problems.length) setBagProblems(e.progress);
  }, []);

  const startImport = useCallback(
    async (paths: string[], mode: ImportMode) => {
      setDialog(null);
      try {
        await host.api.startImport({ paths, mode });
      } catch (e) {
        onError((e as Error).message);
      }
    },
    [host, onError],
  );

  const startBagImport = useCallback(
    async (path: string) => {
      setDialog(null);
      try {
        await host.api.startBagImport({ path });
      } catch (e) {
        onError((e as Error).message);
      }
    },
    [host, onError],
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
        onError('In browser mode the browser hides where dropped files live: type or paste the folder path instead.');
      }
    },
    [host, onError],
  );

  const openDialog = useCallback((request: ImportDialogRequest = { paths: [] }) => setDialog(request), []);
  const closeDialog = useCallback(() => setDialog(null), []);
  const dismissProgress = useCallback(() => setProgress(null), []);
  const running = progress?.state === 'scanning' || progress?.state === 'importing' || progress?.state === 'previews';

  return {
    progress,
    running,
    dismissProgress,
    dialog,
    openDialog,
    closeDialog,
    startImport,
    startBagImport,
    onDrop,
    bagProblems,
    setBagProblems,
    showProblems,
    setShowProblems,
    handleEvent,
  };
}
