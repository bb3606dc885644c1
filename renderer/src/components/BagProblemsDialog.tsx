// Why a BagIt package was refused: every problem its check found, one per line, so the person who
// made the bag can be told exactly what is wrong with it. Nothing was imported.
import { useEffect } from 'react';
import './bag-import.css';

interface Props {
  bagPath: string;
  message: string | null;
  problems: string[];
  onClose(): void;
}

export function BagProblemsDialog({ bagPath, message, problems, onClose }: Props) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);
  return (
    <div className="modal-backdrop">
      <div className="modal" role="alertdialog" aria-label="Bag not imported">
        <h2>The bag was not imported</h2>
        <p>{message ?? 'The bag is not valid; nothing was imported.'}</p>
        <p className="muted bag-problems-path">{bagPath}</p>
        <ol aria-label="Problems found in the bag" className="bag-problems">
          {problems.map((p, i) => (
            <li key={i}>{p}</li>
          ))}
        </ol>
        <div className="row end">
          <button type="button" className="primary" onClick={onClose} autoFocus>
            Close
          </button>
        </div>
      </div>
    </div>
  );
}
