// A photo's review state: its status (new, annotated, reviewed, sealed) with who set it and when, and
// the "sensitive" flag (graphic content). The primitives here change the row (migration 0017); edits
// go through the Editor (changes.ts), which records and undoes them.
//
// "annotated" comes by itself: a photo nobody has set a status on is "annotated" as soon as it has a
// tag, a region or a field (the opposite of the "Not yet annotated" flag), and "new" again if they are
// all removed. Any status a person sets (annotated included) stays until someone changes it.
import type { ReviewStatus } from '../../../shared/api';
import type { Db } from '../db';
import { ConflictError } from '../errors';

/** The status as set by a person (history keeps every earlier value). "new" means none is set. */
export interface StatusState {
  status: ReviewStatus;
  by: string | null;
  at: string | null;
  /** Why a sealed photo was unsealed. */
  reason?: string | null;
}

interface ReviewRow {
  status: ReviewStatus;
  status_by: string | null;
  status_at: string | null;
  status_reason: string | null;
  sensitive: number;
}

const NONE: StatusState = { status: 'new', by: null, at: null, reason: null };

function rowOf(db: Db, photoId: number): ReviewRow | undefined {
  return db.prepare('SELECT status, status_by, status_at, status_reason, sensitive FROM photo_review WHERE photo_id = ?').get(photoId) as ReviewRow | undefined;
}

export function statusOf(db: Db, photoId: number): StatusState {
  const r = rowOf(db, photoId);
  return r ? { status: r.status, by: r.status_by, at: r.status_at, reason: r.status_reason } : { ...NONE };
}

export function isSensitive(db: Db, photoId: number): boolean {
  return rowOf(db, photoId)?.sensitive === 1;
}

/** SQL: whether photo `p` (an alias of photos) has any annotation: a tag, a region or a field. */
export const HAS_ANNOTATIONS = (p: string) =>
  `(EXISTS (SELECT 1 FROM regions WHERE photo_id = ${p}.id) OR EXISTS (SELECT 1 FROM photo_tags WHERE photo_id = ${p}.id) OR EXISTS (SELECT 1 FROM photo_meta WHERE photo_id = ${p}.id))`;

/** SQL: the status a photo shows (and filters by): the one set, else annotated/new by its annotations. */
export const EFFECTIVE_STATUS = (p: string) =>
  `coalesce((SELECT nullif(status, 'new') FROM photo_review WHERE photo_id = ${p}.id), CASE WHEN ${HAS_ANNOTATIONS(p)} THEN 'annotated' ELSE 'new' END)`;

export function effectiveStatus(db: Db, photoId: number): ReviewStatus {
  return db.prepare(`SELECT ${EFFECTIVE_STATUS('p')} FROM photos p WHERE p.id = ?`).pluck().get(photoId) as ReviewStatus;
}

export function writeStatus(db: Db, photoId: number, s: StatusState): void {
  db.prepare(
    `INSERT INTO photo_review (photo_id, status, status_by, status_at, status_reason) VALUES (@photoId, @status, @by, @at, @reason)
     ON CONFLICT (photo_id) DO UPDATE SET status = excluded.status, status_by = excluded.status_by, status_at = excluded.status_at, status_reason = excluded.status_reason`,
  ).run({ photoId, status: s.status, by: s.by, at: s.at, reason: s.reason ?? null });
}

export function writeSensitive(db: Db, photoId: number, sensitive: boolean): void {
  db.prepare('INSERT INTO photo_review (photo_id, sensitive) VALUES (?, ?) ON CONFLICT (photo_id) DO UPDATE SET sensitive = excluded.sensitive').run(
    photoId,
    sensitive ? 1 : 0,
  );
}

/** The sealed photos among these, with their file names, in id order. */
export function sealedAmong(db: Db, photoIds: Iterable<number>): Array<{ id: number; fileName: string }> {
  const ids = [...new Set(photoIds)];
  if (ids.length === 0) return [];
  return db
    .prepare(
      `SELECT p.id, p.file_name AS fileName FROM photo_review r JOIN photos p ON p.id = r.photo_id
       WHERE r.status = 'sealed' AND r.photo_id IN (SELECT value FROM json_each(?)) ORDER BY p.id`,
    )
    .all(JSON.stringify(ids)) as Array<{ id: number; fileName: string }>;
}

/** Refused: the annotations of a sealed photo are read-only until it is unsealed (HTTP 409). */
export class SealedError extends ConflictError {
  constructor(
    readonly photos: Array<{ id: number; fileName: string }>,
    what = 'its annotations are read-only',
  ) {
    super(sealedMessage(photos, what));
  }
}

export function sealedMessage(photos: Array<{ id: number; fileName: string }>, what = 'its annotations are read-only'): string {
  const names = photos.slice(0, 10).map((p) => `${p.fileName} (photo ${p.id})`).join(', ') + (photos.length > 10 ? `, and ${photos.length - 10} more` : '');
  return photos.length === 1
    ? `${names} is sealed: ${what} until it is unsealed (with a reason) in the photo view.`
    : `${photos.length} photos are sealed: ${names}. ${what.replace(/^its/, 'Their')} until they are unsealed (with a reason) in the photo view.`;
}

/** Throws SealedError naming every sealed photo among these. */
export function refuseSealed(db: Db, photoIds: Iterable<number>, what?: string): void {
  const sealed = sealedAmong(db, photoIds);
  if (sealed.length) throw new SealedError(sealed, what);
}
