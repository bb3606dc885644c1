// The background job that hashes photos for near-duplicate search: every photo with a grid
// thumbnail and no hash yet (new imports, and every photo of an archive made before this existed),
// from its thumbnail (small and already upright, so cheap to decode). Each photo's pairs with the
// photos hashed before it are stored as it is hashed, so the "near-duplicates" filter is a lookup.
import { derivedPath, type Archive } from '../archive';
import { hashWords, NEAR_DUPLICATE_DISTANCE, type SimilarIndex } from './index';
import { PHASH_ALGORITHM, perceptualHashes } from './phash';

export interface HashProgress {
  done: number;
  total: number;
}

/** How many photos still need hashing. */
export function countUnhashed(archive: Archive): number {
  return archive.db.prepare(`SELECT count(*) FROM photos p ${UNHASHED}`).pluck().get(PHASH_ALGORITHM) as number;
}

const UNHASHED = `WHERE p.status <> 'error' AND p.has_thumb = 1 AND p.sha256 IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM photo_phash h WHERE h.photo_id = p.id AND h.algorithm = ?)`;

/**
 * Photo ids are looked through this many at a time, yielding between windows: on a large archive
 * that is all hashed already, one query over every photo would hold up the user's first requests.
 */
const WINDOW = 10_000;
const nextTick = () => new Promise((resolve) => setImmediate(resolve));

/** countUnhashed, a window of ids at a time, without blocking. */
async function countUnhashedInSteps(archive: Archive, signal?: AbortSignal): Promise<number> {
  const { db } = archive;
  const count = db.prepare(`SELECT count(*) FROM photos p ${UNHASHED} AND p.id > ? AND p.id <= ?`).pluck();
  let total = 0;
  for (let after = 0; ; after += WINDOW) {
    await nextTick();
    if (!db.open || signal?.aborted) return total;
    const last = (db.prepare('SELECT max(id) FROM photos').pluck().get() as number | null) ?? 0;
    if (after >= last) return total;
    total += count.get(PHASH_ALGORITHM, after, after + WINDOW) as number;
  }
}

/**
 * Hashes every unhashed photo, a few at a time, yielding to the event loop between photos so the
 * host stays responsive. Stops early (leaving the rest for next time) when `signal` aborts.
 */
export async function hashPendingPhotos(
  archive: Archive,
  index: SimilarIndex,
  opts: { signal?: AbortSignal; onProgress?: (p: HashProgress) => void } = {},
): Promise<HashProgress & { paired: number[] }> {
  const { db } = archive;
  const total = await countUnhashedInSteps(archive, opts.signal);
  const progress = { done: 0, total };
  const paired = new Set<number>();
  const result = () => ({ ...progress, paired: [...paired] });
  const next = db.prepare(`SELECT p.id, p.sha256 FROM photos p ${UNHASHED} AND p.id > ? AND p.id <= ? ORDER BY p.id LIMIT 32`);
  const store = db.prepare(
    `INSERT INTO photo_phash (photo_id, algorithm, hashes, computed_at) VALUES (?, ?, ?, ?)
     ON CONFLICT(photo_id) DO UPDATE SET algorithm = excluded.algorithm, hashes = excluded.hashes, computed_at = excluded.computed_at`,
  );
  const pair = db.prepare('INSERT OR IGNORE INTO similar_pairs (a, b, distance) VALUES (?, ?, ?)');
  for (let after = 0; ; ) {
    if (!db.open || opts.signal?.aborted) return result();
    const last = (db.prepare('SELECT max(id) FROM photos').pluck().get() as number | null) ?? 0;
    if (after >= last) break;
    const batch = next.all(PHASH_ALGORITHM, after, after + WINDOW) as { id: number; sha256: string }[];
    // An empty window: on to the next one. Otherwise resume after the last photo of this batch.
    after = batch.length === 0 ? after + WINDOW : batch.at(-1)!.id;
    if (batch.length === 0) {
      await nextTick();
      continue;
    }
    for (const photo of batch) {
      if (opts.signal?.aborted) return result();
      let hashes = '';
      try {
        hashes = (await perceptualHashes(derivedPath(archive.dir, 'thumbs', photo.sha256))).join(',');
      } catch {
        // A thumbnail that cannot be read is regenerated elsewhere; an empty row stops this job from
        // retrying it on every start (it is hashed again when its algorithm row is cleared).
      }
      if (!db.open) return result();
      const words = hashes ? hashWords(hashes) : null;
      const matches = words ? index.nearWords(words, NEAR_DUPLICATE_DISTANCE) : [];
      db.transaction(() => {
        store.run(photo.id, PHASH_ALGORITHM, hashes, new Date().toISOString());
        for (const m of matches) {
          if (m.photoId === photo.id) continue;
          pair.run(Math.min(m.photoId, photo.id), Math.max(m.photoId, photo.id), m.distance);
          paired.add(m.photoId).add(photo.id);
        }
      })();
      if (words) index.add(photo.id, words);
      progress.done++;
      opts.onProgress?.({ ...progress });
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  return result();
}
