// A bag import's report, one line each: why a BagIt package was refused (every problem its check
// found, so the person who made the bag can be told exactly what is wrong; nothing was imported),
// or, for an imported bag, every place where it disagreed with this archive (this archive's side kept).
import { useEffect } from 'react';
import './bag-import.css';

interface Props {
  bagPath: string;
  message: string | null;
  problems: string[];
  /** The bag was imported; these are its conflicts with this archive (problems is then empty). */
  conflicts?: string[];
  onClose(): void;
}

export function BagProblemsDialog({ bagPath, message, problems, conflicts, onClose }: Props) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);
  const imported = problems.length === 0 && !!conflicts?.length;
  return (
    <div className="modal-backdrop">
      <div className="modal" role="alertdialog" aria-label={imported ? 'Bag imported with conflicts' : 'Bag not imported'}>
        <h2>{imported ? 'Where the bag disagreed with this archive' : 'The bag was not imported'}</h2>
        <p>{imported ? "The bag was imported; in each case below this archive's side was kept." : (message ?? 'The bag is not valid; nothing was imported.')}</p>
        <p className="muted bag-problems-path">{bagPath}</p>
        <ol aria-label={imported ? 'Conflicts with this archive' : 'Problems found in the bag'} className="bag-problems">
          {(imported ? conflicts : problems).map((p, i) => (
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
