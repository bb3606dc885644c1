// The "Annotate" tab: the photo's tags, its regions, and the selected region's classification.
import type { PhotoAnnotations } from '../../../../shared/api';
import type { Host } from '../../host';
import { PhotoTags } from './PhotoTags';
import { RegionForm } from './RegionForm';
import { RegionList } from './RegionList';
import { SuggestFaces } from './SuggestFaces';
import type { Vocabulary } from './terms';
import type { AnnotationsState } from './useAnnotations';

interface Props {
  host: Host;
  data: PhotoAnnotations;
  vocab: Vocabulary;
  edits: AnnotationsState;
  selectedId: number | null;
  canDraw: boolean;
  onSelect(id: number | null): void;
}

export function AnnotatePanel({ host, data, vocab, edits, selectedId, canDraw, onSelect }: Props) {
  const selected = data.regions.find((r) => r.id === selectedId) ?? null;
  return (
    <div className="annotate-panel">
      <h2>Photo tags</h2>
      <PhotoTags host={host} tagIds={data.tagIds} vocab={vocab} onChange={edits.changeTags} />

      <h2>Regions</h2>
      {data.regions.length === 0 ? (
        <p className="muted">{canDraw ? 'No regions yet: press R to draw a rectangle or P for a polygon.' : 'No regions: regions are drawn on the preview, and this photo has none.'}</p>
      ) : (
        <RegionList regions={data.regions} vocab={vocab} selectedId={selectedId} onSelect={onSelect} />
      )}

      {canDraw && <SuggestFaces host={host} photoId={data.photoId} onFound={(id) => id !== null && onSelect(id)} />}

      {selected && (
        <section aria-label="Selected region">
          <h2>{`Region R-${selected.id}`}</h2>
          <RegionForm
            key={selected.id}
            region={selected}
            vocab={vocab}
            onChange={(patch) => void edits.updateRegion(selected.id, patch)}
            onDelete={() => {
              onSelect(null);
              void edits.deleteRegion(selected.id);
            }}
          />
        </section>
      )}
      {canDraw && (
        <p className="annot-keys">
          <kbd>R</kbd> rectangle · <kbd>P</kbd> polygon · <kbd>0</kbd>–<kbd>4</kbd> severity · <kbd>N</kbd> not assessable · <kbd>Del</kbd> delete ·{' '}
          <kbd>Esc</kbd> deselect · <kbd>=</kbd>/<kbd>-</kbd> zoom · term keys set class, damage or tag
        </p>
      )}
    </div>
  );
}
