// A photo and its near-duplicates as the photo view shows them: distance, the user's decision on
// each pair, and which copy is probably the best evidence (earliest capture, largest, carrying camera
// metadata, first imported).
import type { SimilarGroup, SimilarVerdict } from '../../../shared/api';
import type { Db } from '../db';
import { getRow, toSummary, type PhotoRow } from '../photos';
import type { SimilarIndex } from './index';

type Hint = SimilarGroup['items'][number]['best'][number];

export function decisionOf(db: Db, a: number, b: number): SimilarVerdict | null {
  const r = db.prepare('SELECT verdict FROM similar_decisions WHERE a = ? AND b = ?').get(Math.min(a, b), Math.max(a, b)) as
    | { verdict: SimilarVerdict }
    | undefined;
  return r?.verdict ?? null;
}

/** The primitive state change behind a recorded decision (edits.ts records and undoes it). */
export function writeDecision(db: Db, a: number, b: number, verdict: SimilarVerdict | null): void {
  const [lo, hi] = [Math.min(a, b), Math.max(a, b)];
  if (verdict === null) db.prepare('DELETE FROM similar_decisions WHERE a = ? AND b = ?').run(lo, hi);
  else
    db.prepare('INSERT INTO similar_decisions (a, b, verdict) VALUES (?, ?, ?) ON CONFLICT(a, b) DO UPDATE SET verdict = excluded.verdict').run(
      lo,
      hi,
      verdict,
    );
}

export function similarGroup(db: Db, index: SimilarIndex, photoId: number, pending: number): SimilarGroup {
  const hashed = index.has(photoId);
  const matches = index.near(photoId);
  // Pairs the user called "the same image" stay in the group even if a later algorithm drifts apart.
  const decided = db
    .prepare('SELECT CASE WHEN a = ? THEN b ELSE a END AS other FROM similar_decisions WHERE (a = ? OR b = ?) AND verdict = ?')
    .pluck()
    .all(photoId, photoId, photoId, 'same') as number[];
  const distance = new Map<number, number | null>(matches.map((m) => [m.photoId, m.distance]));
  for (const id of decided) if (!distance.has(id)) distance.set(id, null);
  const rows = [photoId, ...distance.keys()].map((id) => getRow(db, id)).filter((r): r is PhotoRow => !!r && r.status !== 'error' && (r.id === photoId || !r.withdrawn_at));
  const best = bestEvidence(rows);
  return {
    hashed,
    pending,
    items: rows.map((r) => ({
      ...toSummary(r),
      self: r.id === photoId,
      distance: r.id === photoId ? 0 : (distance.get(r.id) ?? null),
      decision: r.id === photoId ? null : decisionOf(db, photoId, r.id),
      hasCamera: !!(r.make || r.model),
      importedAt: r.imported_at,
      best: best.get(r.id) ?? [],
    })),
  };
}

/** Which rows stand out, only when there is more than one copy to choose from. */
function bestEvidence(rows: PhotoRow[]): Map<number, Hint[]> {
  const out = new Map<number, Hint[]>();
  if (rows.length < 2) return out;
  const mark = (hint: Hint, pick: PhotoRow | undefined) => {
    if (pick) out.set(pick.id, [...(out.get(pick.id) ?? []), hint]);
  };
  const unique = <T>(values: T[], v: T) => values.filter((x) => x === v).length === 1;
  const dated = rows.filter((r) => r.taken_sort);
  const earliest = dated.sort((x, y) => x.taken_sort!.localeCompare(y.taken_sort!))[0];
  if (earliest && unique(dated.map((r) => r.taken_sort), earliest.taken_sort)) mark('earliest', earliest);
  const sized = rows.filter((r) => r.width && r.height);
  const area = (r: PhotoRow) => r.width! * r.height!;
  const largest = [...sized].sort((x, y) => area(y) - area(x))[0];
  if (largest && unique(sized.map(area), area(largest))) mark('largest', largest);
  const withCamera = rows.filter((r) => r.make || r.model);
  if (withCamera.length > 0 && withCamera.length < rows.length) for (const r of withCamera) mark('camera', r);
  const first = [...rows].sort((x, y) => x.imported_at.localeCompare(y.imported_at) || x.id - y.id)[0];
  mark('first-imported', first);
  return out;
}
