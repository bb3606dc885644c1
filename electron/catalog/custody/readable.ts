// History entries as a person reads them: "Country code: UA → TJ", "Region R-17: damage Gunfire →
// Gunfire, Fire / burn". Regions are named R-<id>: ids are never reused or renumbered (see
// nextRegionId), so an old entry names the same region for ever. Computed when read, from the values
// the entry stores, so entries written before this module read as well as new ones.
import { META_FIELD_LABELS } from '../../../shared/field-labels';
import type { Geometry, MetaField } from '../../../shared/api';
import type { Db } from '../db';
import { siteLines } from '../sites/changes';
import { clockLines } from '../clock';

const SEVERITY: Record<string, string> = { '0': '0 none', '1': '1 slight', '2': '2 moderate', '3': '3 severe', '4': '4 destroyed', na: 'not assessable' };

export class TermLabels {
  private labels = new Map<number, string>();
  constructor(readonly db: Db) {
    for (const t of db.prepare('SELECT t.id, t.label, p.label AS parent FROM terms t LEFT JOIN terms p ON p.id = t.parent_id').all() as Array<{ id: number; label: string; parent: string | null }>) {
      this.labels.set(t.id, t.parent ? `${t.parent} › ${t.label}` : t.label);
    }
  }
  of(id: number | null | undefined): string {
    return id === null || id === undefined ? '(none)' : (this.labels.get(id) ?? `term #${id}`);
  }
}

export const regionName = (id: number | null): string => `R-${id ?? '?'}`;

interface RegionValue {
  geometry?: Geometry;
  classId?: number | null;
  damageIds?: number[];
  severity?: string | number | null;
  confidence?: string | null;
  note?: string;
}

const show = (v: string | null | undefined) => (v === null || v === undefined || v === '' ? '(empty)' : v);

function regionLines(terms: TermLabels, id: number | null, before: RegionValue | null, after: RegionValue | null): string[] {
  const name = `Region ${regionName(id)}`;
  const describe = (r: RegionValue) =>
    [
      `class ${terms.of(r.classId ?? null)}`,
      `damage ${(r.damageIds ?? []).map((d) => terms.of(d)).join(', ') || '(none)'}`,
      `severity ${r.severity === null || r.severity === undefined ? '(none)' : SEVERITY[String(r.severity)]}`,
      ...(r.confidence ? [`confidence ${r.confidence}`] : []),
      ...(r.note ? [`note "${r.note}"`] : []),
    ].join('; ');
  if (!before && after) return [`${name} added (${after.geometry?.type === 'polygon' ? 'polygon' : 'rectangle'}): ${describe(after)}`];
  if (before && !after) return [`${name} deleted (was: ${describe(before)})`];
  if (!before || !after) return [];
  const lines: string[] = [];
  if ((before.classId ?? null) !== (after.classId ?? null)) lines.push(`${name}: class ${terms.of(before.classId)} → ${terms.of(after.classId)}`);
  const dmg = (r: RegionValue) => (r.damageIds ?? []).map((d) => terms.of(d)).join(', ') || '(none)';
  if (dmg(before) !== dmg(after)) lines.push(`${name}: damage ${dmg(before)} → ${dmg(after)}`);
  const sev = (r: RegionValue) => (r.severity === null || r.severity === undefined ? '(none)' : SEVERITY[String(r.severity)]);
  if (sev(before) !== sev(after)) lines.push(`${name}: severity ${sev(before)} → ${sev(after)}`);
  if ((before.confidence ?? null) !== (after.confidence ?? null)) lines.push(`${name}: confidence ${show(before.confidence)} → ${show(after.confidence)}`);
  if ((before.note ?? '') !== (after.note ?? '')) lines.push(`${name}: note "${before.note ?? ''}" → "${after.note ?? ''}"`);
  if (JSON.stringify(before.geometry) !== JSON.stringify(after.geometry)) lines.push(`${name}: outline moved or reshaped`);
  return lines;
}

/** The readable lines of one history entry (empty when its description says it all). */
export function readableLines(terms: TermLabels, action: string, entityId: number | null, oldValue: unknown, newValue: unknown): string[] {
  const base = action.replace(/^(undo|redo) /, '');
  switch (base) {
    case 'meta.set': {
      const o = oldValue as { field: MetaField; value: string | null } | null;
      const n = newValue as { field: MetaField; value: string | null } | null;
      const field = n?.field ?? o?.field;
      if (!field) return [];
      return [`${META_FIELD_LABELS[field] ?? field}: ${show(o?.value)} → ${show(n?.value)}`];
    }
    case 'tag.add':
    case 'tag.remove': {
      const added = newValue === true;
      return [`Tag ${added ? 'added' : 'removed'}: ${terms.of(entityId)}`];
    }
    case 'region.create':
    case 'region.update':
    case 'region.delete':
      return regionLines(terms, entityId, oldValue as RegionValue | null, newValue as RegionValue | null);
    case 'photo.clock':
      return clockLines(oldValue, newValue);
    case 'photo.withdraw':
    case 'photo.reinstate': {
      const n = newValue as { reason?: string } | null;
      const o = oldValue as { reason?: string } | null;
      return n ? [`Withdrawn: ${n.reason || '(no reason given)'}`] : [`Reinstated (had been withdrawn: ${o?.reason || 'no reason given'})`];
    }
    case 'review.status': {
      const o = oldValue as { status?: string } | null;
      const n = newValue as { status?: string; reason?: string | null } | null;
      const line = `Status: ${o?.status ?? 'new'} -> ${n?.status ?? 'new'}`;
      return [o?.status === 'sealed' && n?.status !== 'sealed' && n?.reason ? `${line} (unsealed: ${n.reason})` : line];
    }
    case 'review.sensitive':
      return [`Sensitive: ${oldValue === true ? 'yes' : 'no'} -> ${newValue === true ? 'yes' : 'no'}`];
    default:
      return siteLines(terms.db, base, entityId, oldValue, newValue);
  }
}
