// The cover over a veiled photo (sensitive, or every photo under "Blur all"): the picture underneath
// is blurred and greyed by CSS (.veiled), and this button shows it. A real button, so Tab reaches it
// and Enter or Space shows the photo; a click on it neither selects nor opens the tile.
import './review.css';

export function SensitiveVeil({ sensitive, onShow, large }: { sensitive: boolean; onShow(): void; large?: boolean }) {
  return (
    <button
      type="button"
      className={`sensitive-veil${large ? ' large' : ''}`}
      onClick={(e) => {
        e.stopPropagation();
        onShow();
      }}
      onDoubleClick={(e) => e.stopPropagation()}
      onMouseDown={(e) => e.stopPropagation()}
      title={sensitive ? 'Marked sensitive (graphic content). Click to show.' : 'All photos are blurred until clicked (Settings). Click to show.'}
    >
      <span className="veil-title">{sensitive ? 'Sensitive' : 'Hidden'}</span>
      <span className="veil-action">{sensitive ? '— click to show' : 'click to show'}</span>
    </button>
  );
}
