// User actions on annotations, each turned into one change set for the editor: checked against the
// archive (photos exist, terms are of the right kind) before anything is written.
import type { BatchSummary, Geometry, MetaField, MetaFields, Region, Severity } from '../../shared/api';
import { getRegion, metaOf, nextRegionId, requirePhoto, tagsOf, type RegionState } from './annotations';
import type { Db } from './db';
import { META_FIELD_LABELS } from '../../shared/field-labels';
import type { Change, Editor } from './edits';
import { InvalidRequestError, NotFoundError } from './errors';
import { requireTerms } from './vocabulary';
import { sealedAmong, SealedError } from './review/state';

export interface RegionInput {
  photoId: number;
  geometry: Geometry;
  classId: number | null;
  damageIds: number[];
  severity: Severity | null;
  confidence: Region['confidence'];
  note: string;
  redact?: Region['redact'];
  redactState?: Region['redactState'];
}

function checkRegion(db: Db, r: Pick<RegionInput, 'classId' | 'damageIds' | 'geometry'>): void {
  if (r.classId !== null) requireTerms(db, [r.classId], ['class'], 'an object class');
  requireTerms(db, r.damageIds, ['damage'], 'a damage type');
  if (r.geometry.type === 'rect' && (r.geometry.w <= 0 || r.geometry.h <= 0 || r.geometry.x + r.geometry.w > 1.000001 || r.geometry.y + r.geometry.h > 1.000001)) {
    throw new InvalidRequestError('A rectangle must have a positive size and lie inside the image (coordinates 0..1).');
  }
}

function fileName(db: Db, photoId: number): string {
  return (db.prepare('SELECT file_name FROM photos WHERE id = ?').get(photoId) as { file_name: string }).file_name;
}

export function createRegion(db: Db, editor: Editor, input: RegionInput): Region {
  requirePhoto(db, input.photoId);
  checkRegion(db, input);
  const now = new Date().toISOString();
  const redact = input.redact ?? null;
  const state: RegionState = {
    ...input,
    damageIds: [...new Set(input.damageIds)],
    redact,
    redactState: redact === null ? null : (input.redactState ?? 'confirmed'),
    createdAt: now,
    updatedAt: now,
  };
  let id = 0;
  // The id is taken inside the edit's transaction (another writer cannot take it in between).
  editor.commit(
    () => {
      id = nextRegionId(db);
      return [{ action: 'region.create', photoId: input.photoId, entityId: id, old: null, new: state }];
    },
    () => `Add ${input.geometry.type === 'rect' ? 'rectangle' : 'polygon'} region R-${id} on ${fileName(db, input.photoId)}`,
  );
  return getRegion(db, id)!;
}

export function updateRegion(db: Db, editor: Editor, id: number, patch: Partial<Omit<RegionInput, 'photoId'>>): Region {
  const before = getRegion(db, id);
  if (!before) throw new NotFoundError(`No region with id ${id} in this archive.`);
  const { id: _id, ...old } = before;
  const next: RegionState = { ...old, ...definedOnly(patch), updatedAt: new Date().toISOString() };
  next.damageIds = [...new Set(next.damageIds)].sort((a, b) => a - b);
  if (next.redact === null) next.redactState = null;
  else if (next.redactState === null) next.redactState = 'confirmed';
  checkRegion(db, next);
  const names: Record<string, string> = { geometry: 'outline', classId: 'class', damageIds: 'damage', severity: 'severity', confidence: 'confidence', note: 'note' };
  const what = Object.keys(definedOnly(patch)).map((k) => names[k] ?? k).join(', ') || 'nothing';
  editor.commit([{ action: 'region.update', photoId: before.photoId, entityId: id, old, new: next }], `Change region R-${id} (${what}) on ${fileName(db, before.photoId)}`);
  return getRegion(db, id)!;
}

export function deleteRegion(db: Db, editor: Editor, id: number): void {
  const before = getRegion(db, id);
  if (!before) throw new NotFoundError(`No region with id ${id} in this archive.`);
  const { id: _id, ...old } = before;
  editor.commit([{ action: 'region.delete', photoId: before.photoId, entityId: id, old, new: null }], `Delete region R-${id} on ${fileName(db, before.photoId)}`);
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export interface BatchInput {
  photoIds: number[];
  addTagIds: number[];
  removeTagIds: number[];
  fields: MetaFields;
}

/** Normalises a field value as it will be stored: trimmed, empty clears; coordinates must be numbers in range. */
function normaliseField(field: MetaField, value: string | null | undefined): string | null {
  const v = value?.trim() ?? '';
  if (v === '') return null;
  if (field === 'lat' || field === 'lon') {
    const n = Number(v);
    const limit = field === 'lat' ? 90 : 180;
    if (!Number.isFinite(n) || Math.abs(n) > limit) {
      throw new InvalidRequestError(`${field === 'lat' ? 'Latitude' : 'Longitude'} must be a number of degrees from -${limit} to ${limit}, not "${v}".`);
    }
    return String(n);
  }
  if (field === 'countryCode') return v.toUpperCase();
  return v;
}

/** What a batch edit would change, photo by photo, without changing anything. */
export function planBatch(db: Db, input: BatchInput): { summary: BatchSummary; changes: Change[] } {
  requireTerms(db, [...input.addTagIds, ...input.removeTagIds], ['class', 'damage', 'tag'], 'a photo tag');
  const fields = Object.entries(input.fields).map(([f, v]) => [f as MetaField, normaliseField(f as MetaField, v)] as const);
  const changes: Change[] = [];
  const summary: BatchSummary = { photos: new Set(input.photoIds).size, tagsAdded: 0, tagsRemoved: 0, fieldsChanged: {} };
  // Sealed photos are left as they are (their annotations are read-only) and named in the summary.
  const sealed = sealedAmong(db, input.photoIds);
  if (sealed.length) summary.sealed = { count: sealed.length, fileNames: sealed.slice(0, 10).map((p) => p.fileName) };
  const skip = new Set(sealed.map((p) => p.id));
  for (const photoId of new Set(input.photoIds)) {
    requirePhoto(db, photoId);
    if (skip.has(photoId)) continue;
    const tags = new Set(tagsOf(db, photoId));
    for (const t of new Set(input.addTagIds)) {
      if (tags.has(t)) continue;
      changes.push({ action: 'tag.add', photoId, entityId: t, old: false, new: true });
      summary.tagsAdded++;
    }
    for (const t of new Set(input.removeTagIds)) {
      if (!tags.has(t)) continue;
      changes.push({ action: 'tag.remove', photoId, entityId: t, old: true, new: false });
      summary.tagsRemoved++;
    }
    const meta = metaOf(db, photoId);
    for (const [field, value] of fields) {
      const old = meta[field] ?? null;
      if (old === value) continue;
      changes.push({ action: 'meta.set', photoId, entityId: null, old: { field, value: old }, new: { field, value } });
      summary.fieldsChanged[field] = (summary.fieldsChanged[field] ?? 0) + 1;
    }
  }
  return { summary, changes };
}

/**
 * A batch whose every photo is sealed changes nothing and is refused, naming them; one with some
 * sealed photos changes the others (the preview said which were left out).
 */
export function refuseAllSealed(db: Db, input: BatchInput): void {
  const sealed = sealedAmong(db, input.photoIds);
  if (sealed.length > 0 && sealed.length === new Set(input.photoIds).size) throw new SealedError(sealed);
}

export function describeBatch(db: Db, input: BatchInput, s: BatchSummary): string {
  const labels = (ids: number[]) =>
    ids.map((id) => (db.prepare('SELECT label FROM terms WHERE id = ?').get(id) as { label: string } | undefined)?.label ?? `#${id}`).join(', ');
  const parts: string[] = [];
  if (s.tagsAdded) parts.push(`tag ${labels(input.addTagIds)}`);
  if (s.tagsRemoved) parts.push(`untag ${labels(input.removeTagIds)}`);
  const fields = Object.keys(s.fieldsChanged) as MetaField[];
  if (fields.length) parts.push(`set ${fields.map((f) => META_FIELD_LABELS[f]).join(', ')}`);
  const photos = input.photoIds.length === 1 ? fileName(db, input.photoIds[0]!) : `${input.photoIds.length} photos`;
  return `${parts.join('; ') || 'no change'} on ${photos}`;
}
