// A batch plan in words: "3 photos: 3 tags added, caption set on 3".
import type { BatchSummary, MetaField } from '../../../../shared/api';
import { FIELD_LABELS, type BatchField, type FieldEdits } from './fields';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** newTagUses: uses of tags that do not exist yet (created on apply), which the plan cannot count. */
export function describeSummary(s: BatchSummary, fields: FieldEdits, newTagUses = 0): string {
  const parts: string[] = [];
  const added = s.tagsAdded + newTagUses;
  if (added) parts.push(`${plural(added, 'tag')} added`);
  if (s.tagsRemoved) parts.push(`${plural(s.tagsRemoved, 'tag')} removed`);
  for (const [field, count] of Object.entries(s.fieldsChanged) as Array<[MetaField, number]>) {
    if (!count) continue;
    const label = FIELD_LABELS[field as BatchField] ?? field;
    const value = fields[field as BatchField];
    const verb = value === null || value?.trim() === '' ? 'cleared' : 'set';
    parts.push(`${label.charAt(0).toLowerCase()}${label.slice(1)} ${verb} on ${count}`);
  }
  return `${plural(s.photos, 'photo')}: ${parts.length ? parts.join(', ') : 'nothing would change'}${sealedNote(s)}`;
}

/** Sealed photos of the selection are left as they are (their annotations are read-only): said in the preview. */
export function sealedNote(s: Pick<BatchSummary, 'sealed'>): string {
  if (!s.sealed) return '';
  const more = s.sealed.count - s.sealed.fileNames.length;
  return `. ${plural(s.sealed.count, 'sealed photo')} left unchanged (${s.sealed.fileNames.join(', ')}${more > 0 ? ` and ${more} more` : ''})`;
}

export function changesAnything(s: BatchSummary, newTagUses = 0): boolean {
  return s.tagsAdded + s.tagsRemoved + newTagUses > 0 || Object.values(s.fieldsChanged).some((n) => (n ?? 0) > 0);
}
