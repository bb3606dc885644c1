// Reading and writing a photo's annotations: tags, regions, descriptive metadata. These are the
// primitive state changes that edits.ts records, undoes and redoes; nothing here writes history.
import type { Geometry, MetaField, MetaFields, PhotoAnnotations, Region, Severity } from '../../shared/api';
import type { Db } from './db';
import { ConflictError, NotFoundError } from './errors';
import { getDetail } from './photos';

/** A region's state as history records it; states recorded before redaction existed lack its two fields. */
export type RegionState = Omit<Region, 'id' | 'redact' | 'redactState'> & Partial<Pick<Region, 'redact' | 'redactState'>>;

interface RegionRow {
  id: number;
  photo_id: number;
  geometry: string;
  class_id: number | null;
  severity: string | null;
  confidence: Region['confidence'];
  note: string;
  created_at: string;
  updated_at: string;
  redact: Region['redact'];
  redact_state: Region['redactState'];
}

function toRegion(r: RegionRow, damageIds: number[]): Region {
  return {
    id: r.id,
    photoId: r.photo_id,
    geometry: JSON.parse(r.geometry) as Geometry,
    classId: r.class_id,
    damageIds,
    severity: r.severity === null ? null : r.severity === 'na' ? 'na' : (Number(r.severity) as Severity),
    confidence: r.confidence,
    note: r.note,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    redact: r.redact ?? null,
    redactState: r.redact === null ? null : (r.redact_state ?? 'confirmed'),
  };
}

function damageOf(db: Db, regionId: number): number[] {
  return (db.prepare('SELECT term_id FROM region_damage WHERE region_id = ? ORDER BY term_id').all(regionId) as Array<{ term_id: number }>).map(
    (r) => r.term_id,
  );
}

export function getRegion(db: Db, id: number): Region | undefined {
  const r = db.prepare('SELECT * FROM regions WHERE id = ?').get(id) as RegionRow | undefined;
  return r ? toRegion(r, damageOf(db, r.id)) : undefined;
}

export function regionsOf(db: Db, photoId: number): Region[] {
  const rows = db.prepare('SELECT * FROM regions WHERE photo_id = ? ORDER BY id').all(photoId) as RegionRow[];
  return rows.map((r) => toRegion(r, damageOf(db, r.id)));
}

/**
 * Sets a region to a state or removes it (state null). `expect` says which row the caller means:
 * 'new' creates it under this id and fails if the id is taken, 'existing' changes the one that is
 * there and fails if there is none. Nothing is ever overwritten by accident (issue 10).
 */
export function writeRegion(db: Db, id: number, state: RegionState | null, expect: 'new' | 'existing' = 'new'): void {
  if (state === null) {
    db.prepare('DELETE FROM regions WHERE id = ?').run(id);
    return;
  }
  const sql =
    expect === 'new'
      ? `INSERT INTO regions (id, photo_id, geometry, class_id, severity, confidence, note, created_at, updated_at, redact, redact_state)
         VALUES (@id, @photoId, @geometry, @classId, @severity, @confidence, @note, @createdAt, @updatedAt, @redact, @redactState)`
      : `UPDATE regions SET photo_id = @photoId, geometry = @geometry, class_id = @classId, severity = @severity, confidence = @confidence,
           note = @note, updated_at = @updatedAt, redact = @redact, redact_state = @redactState WHERE id = @id`;
  let changes: number;
  try {
    changes = db.prepare(sql).run({
    id,
    photoId: state.photoId,
    geometry: JSON.stringify(state.geometry),
    classId: state.classId,
    severity: state.severity === null ? null : String(state.severity),
    confidence: state.confidence,
    note: state.note,
    createdAt: state.createdAt,
    updatedAt: state.updatedAt,
    // States recorded before regions could be redacted have neither field.
    redact: state.redact ?? null,
    redactState: (state.redact ?? null) === null ? null : (state.redactState ?? 'confirmed'),
  }).changes;
  } catch (err) {
    if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY') throw new ConflictError(`Region id ${id} is already taken; nothing was overwritten.`);
    throw err;
  }
  if (changes !== 1) throw new ConflictError(`Region ${id} is no longer in this archive; nothing was changed.`);
  db.prepare('DELETE FROM region_damage WHERE region_id = ?').run(id);
  const add = db.prepare('INSERT INTO region_damage (region_id, term_id) VALUES (?, ?)');
  for (const t of new Set(state.damageIds)) add.run(id, t);
}

export function nextRegionId(db: Db): number {
  // Ids of deleted regions are not reused: an undo may bring one back under its old id.
  const { n } = db.prepare("SELECT max(coalesce((SELECT max(id) FROM regions), 0), coalesce((SELECT max(entity_id) FROM history WHERE action LIKE 'region.%'), 0)) + 1 AS n").get() as { n: number };
  return n;
}

export function tagsOf(db: Db, photoId: number): number[] {
  return (db.prepare('SELECT term_id FROM photo_tags WHERE photo_id = ? ORDER BY term_id').all(photoId) as Array<{ term_id: number }>).map((r) => r.term_id);
}

export function writeTag(db: Db, photoId: number, termId: number, present: boolean): void {
  if (present) db.prepare('INSERT OR IGNORE INTO photo_tags (photo_id, term_id) VALUES (?, ?)').run(photoId, termId);
  else db.prepare('DELETE FROM photo_tags WHERE photo_id = ? AND term_id = ?').run(photoId, termId);
}

export function metaOf(db: Db, photoId: number): MetaFields {
  const rows = db.prepare('SELECT field, value FROM photo_meta WHERE photo_id = ?').all(photoId) as Array<{ field: MetaField; value: string }>;
  return Object.fromEntries(rows.map((r) => [r.field, r.value])) as MetaFields;
}

export function writeMeta(db: Db, photoId: number, field: MetaField, value: string | null): void {
  if (value === null) db.prepare('DELETE FROM photo_meta WHERE photo_id = ? AND field = ?').run(photoId, field);
  else db.prepare('INSERT INTO photo_meta (photo_id, field, value) VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET value = excluded.value').run(photoId, field, value);
}

export function requirePhoto(db: Db, photoId: number): void {
  const r = db.prepare("SELECT status FROM photos WHERE id = ? AND status <> 'error'").get(photoId);
  if (!r) throw new NotFoundError(`No photo with id ${photoId} in this archive.`);
}

export function annotationsOf(db: Db, photoId: number): PhotoAnnotations {
  const photo = getDetail(db, photoId);
  if (!photo || photo.status === 'error') throw new NotFoundError(`No photo with id ${photoId} in this archive.`);
  return { photoId, tagIds: tagsOf(db, photoId), regions: regionsOf(db, photoId), meta: metaOf(db, photoId), fromFile: photo.fromFile };
}

/** Outlines for grid thumbnails, coloured by the region's class (or its parent class). */
export function regionOutlines(db: Db, photoIds: number[]): Array<{ photoId: number; geometry: Geometry; colour: string | null }> {
  if (photoIds.length === 0) return [];
  const rows = db
    .prepare(
      `SELECT r.photo_id AS photoId, r.geometry, coalesce(t.colour, p.colour) AS colour
       FROM regions r LEFT JOIN terms t ON t.id = r.class_id LEFT JOIN terms p ON p.id = t.parent_id
       WHERE r.photo_id IN (SELECT value FROM json_each(?)) ORDER BY r.photo_id, r.id`,
    )
    .all(JSON.stringify(photoIds)) as Array<{ photoId: number; geometry: string; colour: string | null }>;
  return rows.map((r) => ({ photoId: r.photoId, geometry: JSON.parse(r.geometry) as Geometry, colour: r.colour }));
}
