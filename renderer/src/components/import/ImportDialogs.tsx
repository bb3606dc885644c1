// The import's dialogs: choosing what to import, and a bag's report (why it was refused, or its conflicts).
import type { Host } from '../../host';
import { BagProblemsDialog } from '../BagProblemsDialog';
import { ImportDialog } from '../ImportDialog';
import type { Imports } from './useImports';

export function ImportDialogs({ host, imports }: { host: Host; imports: Imports }) {
  const { dialog, bagProblems } = imports;
  return (
    <>
      {dialog && (
        <ImportDialog
          host={host}
          initialPaths={dialog.paths}
          initialKind={dialog.kind}
          onCancel={imports.closeDialog}
          onStart={imports.startImport}
          onStartBag={imports.startBagImport}
        />
      )}
      {bagProblems?.bag && (
        <BagProblemsDialog bagPath={bagProblems.bag.path} message={bagProblems.message} problems={bagProblems.bag.problems}
          conflicts={bagProblems.bag.conflicts}
          onClose={() => imports.setBagProblems(null)} />
      )}
    </>
  );
}
