// What a plain key press means for the open photo: severity keys, delete, term shortcuts.
import type { Region, Severity } from '../../../../shared/api';
import type { RegionPatch } from './useAnnotations';
import { termByShortcut, type Vocabulary } from './terms';

export type ShortcutAction =
  | { type: 'deselect' }
  | { type: 'delete'; id: number }
  | { type: 'region'; id: number; patch: RegionPatch }
  | { type: 'tags'; add: number[]; remove: number[] };

export function shortcutAction(key: string, selected: Region | null, vocab: Vocabulary | null, tagIds: number[]): ShortcutAction | null {
  if (selected) {
    if (key === 'Escape') return { type: 'deselect' };
    if (key === 'Delete' || key === 'Backspace') return { type: 'delete', id: selected.id };
    if (/^[0-4]$/.test(key)) return { type: 'region', id: selected.id, patch: { severity: Number(key) as Severity } };
    if (key === 'n') return { type: 'region', id: selected.id, patch: { severity: 'na' } };
  }
  if (!vocab || key.length !== 1) return null;
  const cls = selected && termByShortcut(vocab, 'class', key);
  if (selected && cls) return { type: 'region', id: selected.id, patch: { classId: cls.id } };
  const damage = selected && termByShortcut(vocab, 'damage', key);
  if (selected && damage) {
    const on = selected.damageIds.includes(damage.id);
    return { type: 'region', id: selected.id, patch: { damageIds: on ? selected.damageIds.filter((d) => d !== damage.id) : [...selected.damageIds, damage.id].sort((a, b) => a - b) } };
  }
  // Shortcuts are unique across the vocabulary, so a tag's key means that tag whether or not a region is selected.
  const tag = termByShortcut(vocab, 'tag', key);
  if (tag) return tagIds.includes(tag.id) ? { type: 'tags', add: [], remove: [tag.id] } : { type: 'tags', add: [tag.id], remove: [] };
  return null;
}
