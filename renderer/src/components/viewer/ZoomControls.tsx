// The zoom buttons and readout of the photo view (Fit, Fill, 1:1, 2:1, − and +).
import { FILL, FIT, ONE_TO_ONE, sameMode, TWO_TO_ONE, type ZoomMode } from './zoom';

interface Props {
  mode: ZoomMode;
  label: string;
  canZoomOut: boolean;
  canZoomIn: boolean;
  /** What the picture on screen is: the preview, or the full-resolution image (loading or not available). */
  detail: 'preview' | 'loading' | 'full' | 'unavailable';
  onMode(mode: ZoomMode): void;
  onStep(factor: number): void;
}

const PRESETS: Array<{ mode: ZoomMode; text: string; title: string }> = [
  { mode: FIT, text: 'Fit', title: 'The whole photo in the window (0, or Shift+F)' },
  { mode: FILL, text: 'Fill', title: 'Fill the window' },
  { mode: ONE_TO_ONE, text: '1:1', title: 'One image pixel per screen pixel (1, or Z)' },
  { mode: TWO_TO_ONE, text: '2:1', title: 'Each image pixel on 2x2 screen pixels (2)' },
];

const DETAIL: Record<Props['detail'], string> = {
  preview: '',
  loading: 'Loading full resolution…',
  full: 'Full resolution',
  unavailable: 'Full resolution not available: showing the preview',
};

export function ZoomControls({ mode, label, canZoomOut, canZoomIn, detail, onMode, onStep }: Props) {
  return (
    <div className="zoom-controls" role="group" aria-label="Zoom">
      {DETAIL[detail] && (
        <span className={`zoom-detail zoom-detail-${detail}`} role="status">
          {DETAIL[detail]}
        </span>
      )}
      <button type="button" onClick={() => onStep(1 / 1.25)} disabled={!canZoomOut} title="Zoom out (-)" aria-label="Zoom out">
        −
      </button>
      <span className="annot-zoom" aria-live="polite" data-testid="zoom-readout">
        {label}
      </span>
      <button type="button" onClick={() => onStep(1.25)} disabled={!canZoomIn} title="Zoom in (=)" aria-label="Zoom in">
        +
      </button>
      {PRESETS.map((p) => (
        <button key={p.text} type="button" className={sameMode(mode, p.mode) ? 'active' : undefined} aria-pressed={sameMode(mode, p.mode)} onClick={() => onMode(p.mode)} title={p.title}>
          {p.text}
        </button>
      ))}
    </div>
  );
}
