// The status line at the bottom: the import's and the export's progress. One line: a finished
// job's bar gives way to the next job's (both show only while both run).
import type { Host } from '../../host';
import { ExportBar } from '../export/ExportBar';
import type { ExportProgressState } from '../export/useExportProgress';
import { ImportBar } from '../ImportBar';
import type { Imports } from '../import/useImports';

export function JobBars({ host, imports, exports }: { host: Host; imports: Imports; exports: ExportProgressState }) {
  const { progress, running } = imports;
  const exportProgress = exports.progress;
  return (
    <>
      {progress && (running || !exportProgress) && (
        <ImportBar
          progress={progress}
          onCancel={() => void host.api.cancelImport({ jobId: progress.jobId })}
          onDismiss={imports.dismissProgress}
          onShowProblems={() => imports.setShowProblems(true)}
          onShowBagProblems={() => imports.setBagProblems(progress)}
        />
      )}
      {exportProgress && (exports.running || !running) && (
        <ExportBar progress={exportProgress} onCancel={() => void host.api.cancelExport({ jobId: exportProgress.jobId })} onDismiss={exports.dismiss} />
      )}
    </>
  );
}
