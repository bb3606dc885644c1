// "Correct clock…": opens the camera clock dialog for the given photos (the batch panel's selection,
// or the photo in the viewer).
import { useState } from 'react';
import type { Host } from '../../host';
import { ClockShiftDialog } from './ClockShiftDialog';

interface Props {
  host: Host;
  photoIds: number[];
  /** Where the result is reported; without it, it is shown beside the button. */
  onDone?(message: string): void;
  label?: string;
}

export function ClockShiftButton({ host, photoIds, onDone, label = 'Correct clock…' }: Props) {
  const [open, setOpen] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  if (photoIds.length === 0) return null;
  return (
    <>
      <button type="button" className="clock-button" onClick={() => setOpen(true)} title="Shift the capture time of a camera whose clock was wrong (the file's own time is kept)">
        {label}
      </button>
      {!onDone && message && (
        <span className="muted small" role="status">
          {` ${message}`}
        </span>
      )}
      {open && <ClockShiftDialog host={host} photoIds={photoIds} referenceId={photoIds[0]!} onDone={onDone ?? setMessage} onClose={() => setOpen(false)} />}
    </>
  );
}
