// Reading and writing photo rows: the one place that maps the photos table onto the API types.
import type { ImportProblem, PhotoDetail, PhotoSummary } from '../../shared/api';
import { clockOf } from './clock';
import type { Db } from './db';

/** A photos row as stored (column names from migrations/0001_initial.sql). */
export interface PhotoRow {
  id: number;
  /** Set while the photo is withdrawn (migration 0011). */
  withdrawn_at?: string | null;
  withdrawn_reason?: string | null;
  source_path: string;
  stored_path: string | null;
  file_name: string;
  sha256: string | null;
  size: number;
  mtime_ms: number;
  status: PhotoSummary['status'];
  error: string | null;
  format: string | null;
  width: number | null;
  height: number | null;
  orientation: number | null;
  has_thumb: number;
  has_preview: number;
  taken_at: string | null;
  taken_at_subsec: string | null;
  taken_at_offset: string | null;
  taken_at_source: string | null;
  taken_at_utc: string | null;
  taken_sort: string | null;
  make: string | null;
  model: string | null;
  lens: string | null;
  body_serial: string | null;
  lens_serial: string | null;
  software: string | null;
  image_unique_id: string | null;
  gps_lat: number | null;
  gps_lon: number | null;
  gps_alt: number | null;
  gps_time: string | null;
  gps_direction: number | null;
  file_title: string | null;
  file_caption: string | null;
  file_creator: string | null;
  file_credit: string | null;
  file_copyright: string | null;
  file_keywords: string;
  imported_at: string;
  import_id: number | null;
  missing_since: string | null;
  /** 0008: 'image' or 'video'; the seconds a video runs; what was wrong with a partly readable file. */
  media_kind: 'image' | 'video';
  duration_s: number | null;
  warning: string | null;
  /** 0018: the camera clock correction (clock.ts); taken_sort then holds the corrected time. */
  clock_offset_s?: number | null;
  clock_set_by?: string | null;
  clock_set_at?: string | null;
}

type AddedLater = 'media_kind' | 'duration_s' | 'warning';
export type NewPhotoRow = Omit<PhotoRow, 'id' | 'missing_since' | AddedLater> & Partial<Pick<PhotoRow, AddedLater>>;

/** Grid order: capture time (undated last), then file name. */
const GRID_ORDER = 'ORDER BY taken_sort IS NULL, taken_sort, file_name, id';

export function insertPhoto(db: Db, row: NewPhotoRow): number {
  const cols = Object.keys(row);
  const sql = `INSERT INTO photos (${cols.join(', ')}) VALUES (${cols.map((c) => `@${c}`).join(', ')})`;
  return Number(db.prepare(sql).run(row).lastInsertRowid);
}

export function findBySourcePath(db: Db, sourcePath: string): Pick<PhotoRow, 'id' | 'size' | 'mtime_ms' | 'status'> | undefined {
  return db.prepare('SELECT id, size, mtime_ms, status FROM photos WHERE source_path = ?').get(sourcePath) as
    | Pick<PhotoRow, 'id' | 'size' | 'mtime_ms' | 'status'>
    | undefined;
}

export function findByHash(db: Db, sha256: string): number | null {
  const r = db.prepare("SELECT id FROM photos WHERE sha256 = ? AND status <> 'error'").get(sha256) as { id: number } | undefined;
  return r?.id ?? null;
}

export function listSummaries(db: Db): PhotoSummary[] {
  const rows = db
    .prepare(`SELECT ${SUMMARY_COLUMNS} FROM photos WHERE status <> 'error' AND withdrawn_at IS NULL ${GRID_ORDER}`)
    .all() as SummaryRow[];
  return rows.map(toSummary);
}

export function listAllRows(db: Db): PhotoRow[] {
  return db.prepare(`SELECT * FROM photos ${GRID_ORDER}`).all() as PhotoRow[];
}

export function getRow(db: Db, id: number): PhotoRow | undefined {
  return db.prepare('SELECT * FROM photos WHERE id = ?').get(id) as PhotoRow | undefined;
}

const SUMMARY_COLUMNS = 'id, file_name, width, height, taken_at, status, has_thumb, missing_since, media_kind, taken_sort, clock_offset_s';
type SummaryRow = Pick<PhotoRow, 'id' | 'file_name' | 'width' | 'height' | 'taken_at' | 'status' | 'has_thumb' | 'missing_since' | 'media_kind'> &
  Partial<Pick<PhotoRow, 'taken_sort' | 'clock_offset_s'>>;

export function toSummary(r: SummaryRow): PhotoSummary {
  return {
    id: r.id,
    fileName: r.file_name,
    width: r.width,
    height: r.height,
    takenAt: r.taken_at,
    status: r.status,
    hasThumb: r.has_thumb === 1,
    missing: r.missing_since !== null,
    ...(r.media_kind === 'video' ? { mediaKind: 'video' as const } : {}),
    ...(r.clock_offset_s && r.taken_sort ? { correctedAt: r.taken_sort } : {}),
  };
}

export function toDetail(r: PhotoRow): PhotoDetail {
  return {
    ...toSummary(r),
    withdrawn: r.withdrawn_at ? { at: r.withdrawn_at, reason: r.withdrawn_reason ?? '' } : null,
    sourcePath: r.source_path,
    storedPath: r.stored_path,
    sha256: r.sha256,
    size: r.size,
    format: r.format,
    orientation: r.orientation,
    error: r.error,
    capture:
      r.taken_at && r.taken_at_source
        ? { raw: r.taken_at, subSec: r.taken_at_subsec, offset: r.taken_at_offset, source: r.taken_at_source, utc: r.taken_at_utc }
        : null,
    make: r.make,
    model: r.model,
    lens: r.lens,
    bodySerial: r.body_serial,
    lensSerial: r.lens_serial,
    software: r.software,
    imageUniqueId: r.image_unique_id,
    gps:
      r.gps_lat !== null && r.gps_lon !== null
        ? { lat: r.gps_lat, lon: r.gps_lon, alt: r.gps_alt, time: r.gps_time, direction: r.gps_direction }
        : null,
    fromFile: {
      title: r.file_title,
      caption: r.file_caption,
      creator: r.file_creator,
      credit: r.file_credit,
      copyright: r.file_copyright,
      keywords: JSON.parse(r.file_keywords) as string[],
    },
    hasPreview: r.has_preview === 1,
    importedAt: r.imported_at,
    warning: r.warning ?? null,
    durationSeconds: r.duration_s ?? null,
    // Present only when the camera clock was corrected.
    ...withClock(r),
  };
}

function withClock(r: PhotoRow): { clock?: NonNullable<PhotoDetail['clock']> } {
  const clock = clockOf(r);
  return clock ? { clock } : {};
}

export function getDetail(db: Db, id: number): PhotoDetail | undefined {
  const r = getRow(db, id);
  return r ? toDetail(r) : undefined;
}

// "Clear" in Import problems is a history entry (problems.clear): duplicates found and sidecar
// problems recorded up to it are no longer listed; failed entries are withdrawn by the same action.
const CLEARED_AT = "coalesce((SELECT max(at) FROM history WHERE action = 'problems.clear'), '')";
const CLEARED_ID = "coalesce((SELECT max(id) FROM history WHERE action = 'problems.clear'), 0)";

/** Failed files, duplicates and unusable sidecars, newest first: the "import problems" list. */
export function listProblems(db: Db): ImportProblem[] {
  return db
    .prepare(
      `SELECT kind, path, reason, photoId, at FROM (
         SELECT 'error' AS kind, source_path AS path, error AS reason, NULL AS photoId, imported_at AS at, id AS ord FROM photos WHERE status = 'error' AND withdrawn_at IS NULL
         UNION ALL
         SELECT 'duplicate', d.source_path, 'same bytes as ' || p.source_path, d.photo_id, d.found_at, d.id FROM duplicates d JOIN photos p ON p.id = d.photo_id
           WHERE d.found_at > ${CLEARED_AT}
         UNION ALL
         SELECT 'sidecar', json_extract(new_json, '$.path'), 'XMP sidecar not used: ' || json_extract(new_json, '$.reason'), photo_id, at, id
           FROM history WHERE action = 'sidecar.problem' AND id > ${CLEARED_ID}
         UNION ALL
         SELECT 'other', path, reason || ' (' || size || ' bytes' || coalesce(', SHA-256 ' || sha256, '') || ')', NULL, found_at, id FROM other_files
           WHERE found_at > ${CLEARED_AT}
       ) ORDER BY at DESC, ord DESC`,
    )
    .all() as ImportProblem[];
}

export function countPhotos(db: Db): { photos: number; problems: number } {
  const r = db
    .prepare(
      `SELECT (SELECT count(*) FROM photos WHERE status <> 'error' AND withdrawn_at IS NULL) AS photos,
              (SELECT count(*) FROM photos WHERE status = 'error' AND withdrawn_at IS NULL) + (SELECT count(*) FROM duplicates WHERE found_at > ${CLEARED_AT})
                + (SELECT count(*) FROM history WHERE action = 'sidecar.problem' AND id > ${CLEARED_ID})
                + (SELECT count(*) FROM other_files WHERE found_at > ${CLEARED_AT}) AS problems`,
    )
    .get() as { photos: number; problems: number };
  return r;
}
