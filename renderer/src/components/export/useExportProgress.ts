// The running (or last) export's progress, as the core reports it, for the export bar.
import { useCallback, useState } from 'react';
import type { ApiEvent, ExportProgress } from '../../../../shared/api';

export interface ExportProgressState {
  progress: ExportProgress | null;
  running: boolean;
  dismiss(): void;
  /** Feeds the core's events in (the shell holds the one event subscription). */
  handleEvent(e: ApiEvent): void;
}

export function useExportProgress(): ExportProgressState {
  const [progress, setProgress] = useState<ExportProgress | null>(null);
  const dismiss = useCallback(() => setProgress(null), []);
  const handleEvent = useCallback((e: ApiEvent) => {
    if (e.type === 'export-progress') setProgress(e.progress);
  }, []);
  return { progress, running: progress?.state === 'running', dismiss, handleEvent };
}
