// The photo's regions as a list: another way to select one (by keyboard too), with a summary each.
import type { Region } from '../../../../shared/api';
import { SEVERITIES } from '../../../../shared/taxonomy';
import { termColour, type Vocabulary } from './terms';

export const UNCLASSIFIED_COLOUR = '#ffffff';

/** "Residential (house, apartment block) · 3 severe · Gunfire …": what a region says, in words. */
export function describeRegion(r: Region, vocab: Vocabulary): string {
  const parts = [r.classId === null ? 'Not classified' : (vocab.byId.get(r.classId)?.label ?? `term ${r.classId}`)];
  if (r.severity === 'na') parts.push('not assessable');
  else if (r.severity !== null) parts.push(SEVERITIES[r.severity].label);
  for (const d of r.damageIds) parts.push(vocab.byId.get(d)?.label ?? `term ${d}`);
  if (r.redact !== null) parts.push(r.redactState === 'suggested' ? `redact ${r.redact}? (suggested)` : `redact ${r.redact}`);
  if (r.confidence === 'possible') parts.push('possible');
  return parts.join(' · ');
}

interface Props {
  regions: Region[];
  vocab: Vocabulary;
  selectedId: number | null;
  onSelect(id: number): void;
}

export function RegionList({ regions, vocab, selectedId, onSelect }: Props) {
  return (
    <ol className="region-list" aria-label="Regions">
      {regions.map((r) => (
        <li key={r.id}>
          <button type="button" aria-pressed={r.id === selectedId} onClick={() => onSelect(r.id)} title={describeRegion(r, vocab)}>
            <span className="swatch" style={{ background: termColour(vocab, r.classId) ?? UNCLASSIFIED_COLOUR }} />
            <span className="region-summary">{`R-${r.id} ${r.geometry.type === 'rect' ? '▭' : '⬠'} ${describeRegion(r, vocab)}`}</span>
          </button>
        </li>
      ))}
    </ol>
  );
}
