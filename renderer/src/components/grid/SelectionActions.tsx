// What the browse bar offers for the selected photos: their count (× clears it), withdraw or
// reinstate, and a custody report. It sits in the browse bar, so selecting never reflows the toolbar.
import type { Host } from '../../host';
import { CustodyReportButton } from '../custody/CustodyReportButton';
import { WithdrawButton } from '../custody/WithdrawButton';

interface Props {
  host: Host;
  selected: number[];
  /** The grid shows withdrawn photos: the button reinstates them. */
  reinstate: boolean;
  onClear(): void;
  notify(text: string): void;
  onError(message: string): void;
}

export function SelectionActions({ host, selected, reinstate, onClear, notify, onError }: Props) {
  if (selected.length === 0) return null;
  return (
    <>
      <span className="selection-count" aria-live="polite">
        {`${selected.length.toLocaleString()} selected`}
        <button type="button" className="icon" aria-label="Clear the selection" title="Clear the selection (Esc)" onClick={onClear}>
          ×
        </button>
      </span>
      <span className="selection-custody">
        <WithdrawButton host={host} photoIds={selected} reinstate={reinstate} onDone={notify} onError={onError} />
        <CustodyReportButton host={host} photoIds={selected} onError={onError} />
      </span>
    </>
  );
}
