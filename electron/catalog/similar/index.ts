// Finding near-duplicates: an in-memory table of every photo's perceptual hashes, scanned by Hamming
// distance. Each comparison takes the smaller of "whole picture vs. the other's whole picture or any
// of its crops" and "any of my crops vs. the other's whole picture", so a cropped copy matches its
// original in either direction.
import type { Db } from '../db';
import { HASHES_PER_PHOTO, PHASH_ALGORITHM } from './phash';

/**
 * At most this many differing bits (of 64) count as "the same picture". Measured on the camera
 * fixtures (tests/integration/similar.test.ts prints recall and the closest unrelated pair):
 * recompressed, resized, PNG and centre/corner crops of up to 10 % come within 9; unrelated
 * pictures are 16 or more apart.
 */
export const NEAR_DUPLICATE_DISTANCE = 12;

const POPCOUNT16 = Uint8Array.from({ length: 1 << 16 }, (_, i) => {
  let n = 0;
  for (let v = i; v; v &= v - 1) n++;
  return n;
});
const popcount32 = (x: number) => POPCOUNT16[x & 0xffff]! + POPCOUNT16[x >>> 16]!;

const WORDS = HASHES_PER_PHOTO * 2;

/** Parses the stored hex hashes into 32-bit words: hash i is words[2i] (high) and words[2i+1] (low). */
export function hashWords(hashes: string): Uint32Array {
  const parts = hashes.split(',');
  if (parts.length !== HASHES_PER_PHOTO) throw new Error(`expected ${HASHES_PER_PHOTO} hashes, found ${parts.length}`);
  const out = new Uint32Array(WORDS);
  parts.forEach((h, i) => {
    out[2 * i] = parseInt(h.slice(0, 8), 16) >>> 0;
    out[2 * i + 1] = parseInt(h.slice(8, 16), 16) >>> 0;
  });
  return out;
}

/** The distance between two photos' hash sets (see the top of this file). */
export function photoDistance(q: Uint32Array, t: Uint32Array, qOff = 0, tOff = 0): number {
  const q0h = q[qOff]!;
  const q0l = q[qOff + 1]!;
  const t0h = t[tOff]!;
  const t0l = t[tOff + 1]!;
  let best = 64;
  for (let i = 0; i < HASHES_PER_PHOTO; i++) {
    const d = popcount32(q0h ^ t[tOff + 2 * i]!) + popcount32(q0l ^ t[tOff + 2 * i + 1]!);
    if (d < best) best = d;
  }
  for (let i = 1; i < HASHES_PER_PHOTO; i++) {
    const d = popcount32(q[qOff + 2 * i]! ^ t0h) + popcount32(q[qOff + 2 * i + 1]! ^ t0l);
    if (d < best) best = d;
  }
  return best;
}

/**
 * How far a photo's crop hashes stray from its whole-picture hash (the largest distance). It makes
 * the scan's shortcut exact: for photos q and t with whole-picture distance d0, every one of the
 * comparisons photoDistance takes is at least d0 - max(spread(q), spread(t)) (the triangle
 * inequality through the whole-picture hash), so a photo whose d0 exceeds maxDistance by more
 * than that cannot match and its 17 comparisons are skipped. Crops of one picture hash close
 * together, so almost every unrelated photo is decided by one comparison.
 */
export function hashSpread(w: Uint32Array, off = 0): number {
  let spread = 0;
  for (let i = 1; i < HASHES_PER_PHOTO; i++) {
    const d = popcount32(w[off]! ^ w[off + 2 * i]!) + popcount32(w[off + 1]! ^ w[off + 2 * i + 1]!);
    if (d > spread) spread = d;
  }
  return spread;
}

/**
 * Every hashed photo's words in one typed array, rebuilt when the stored hashes change (cheap
 * check: the row count and the newest computed_at), with each photo's hashSpread beside them.
 */
export class SimilarIndex {
  private ids = new Int32Array(0);
  private words = new Uint32Array(0);
  private spreads = new Uint8Array(0);
  /** Photo id -> slot + 1 (0: not hashed); a typed array, not a Map, for memory on large archives. */
  private position = new Int32Array(0);
  private stamp = '';

  constructor(private readonly db: Db) {}

  private count = 0;

  private currentStamp(): string {
    return this.db
      .prepare("SELECT count(*) || '|' || coalesce(max(computed_at), '') FROM photo_phash WHERE algorithm = ?")
      .pluck()
      .get(PHASH_ALGORITHM) as string;
  }

  private dataVersion = -1;

  /**
   * Reloads from the catalogue when another connection changed the stored hashes. SQLite's
   * data_version moves only on other connections' commits, so the (table-scanning) stamp is read
   * only then; this connection's own hashing goes through add().
   */
  private refresh(): void {
    const version = this.db.pragma('data_version', { simple: true }) as number;
    if (version === this.dataVersion) return;
    this.dataVersion = version;
    const stamp = this.currentStamp();
    if (stamp === this.stamp) return;
    const rows = this.db
      .prepare(
        `SELECT h.photo_id AS id, h.hashes FROM photo_phash h JOIN photos p ON p.id = h.photo_id
         WHERE h.algorithm = ? AND h.hashes <> '' AND p.status <> 'error' AND p.withdrawn_at IS NULL ORDER BY h.photo_id`,
      )
      .all(PHASH_ALGORITHM) as { id: number; hashes: string }[];
    this.ids = new Int32Array(Math.max(16, rows.length));
    this.words = new Uint32Array(this.ids.length * WORDS);
    this.spreads = new Uint8Array(this.ids.length);
    this.position = new Int32Array(0);
    this.count = 0;
    for (const r of rows) this.append(r.id, hashWords(r.hashes));
    this.stamp = stamp;
  }

  /** Adds a photo the caller has just stored hashes for (saves reloading the whole table). */
  add(photoId: number, words: Uint32Array): void {
    this.refresh();
    if (!this.slot(photoId)) this.append(photoId, words);
    this.stamp = this.currentStamp();
  }

  private append(photoId: number, words: Uint32Array): void {
    if (this.count === this.ids.length) {
      const ids = new Int32Array(this.ids.length * 2);
      ids.set(this.ids);
      const all = new Uint32Array(ids.length * WORDS);
      all.set(this.words);
      const spreads = new Uint8Array(ids.length);
      spreads.set(this.spreads);
      this.ids = ids;
      this.words = all;
      this.spreads = spreads;
    }
    this.ids[this.count] = photoId;
    this.words.set(words, this.count * WORDS);
    this.spreads[this.count] = hashSpread(words);
    if (photoId >= this.position.length) {
      const grown = new Int32Array(Math.max(photoId + 1, this.position.length * 2, 1024));
      grown.set(this.position);
      this.position = grown;
    }
    this.position[photoId] = this.count + 1;
    this.count++;
  }

  private slot(photoId: number): number {
    return photoId >= 0 && photoId < this.position.length ? this.position[photoId]! : 0;
  }

  /** Whether this photo has been hashed yet. */
  has(photoId: number): boolean {
    this.refresh();
    return this.slot(photoId) > 0;
  }

  /** Other photos within `maxDistance` of this one, nearest first. Empty when it is not hashed yet. */
  near(photoId: number, maxDistance = NEAR_DUPLICATE_DISTANCE): { photoId: number; distance: number }[] {
    this.refresh();
    const slot = this.slot(photoId);
    if (!slot) return [];
    const at = slot - 1;
    return this.scan(this.words, at * WORDS, maxDistance).filter((m) => m.photoId !== photoId);
  }

  /** Photos within `maxDistance` of a set of hashes (hashWords of a photo not in the index). */
  nearWords(q: Uint32Array, maxDistance = NEAR_DUPLICATE_DISTANCE): { photoId: number; distance: number }[] {
    this.refresh();
    return this.scan(q, 0, maxDistance);
  }

  private scan(q: Uint32Array, qOff: number, maxDistance: number): { photoId: number; distance: number }[] {
    const out: { photoId: number; distance: number }[] = [];
    const words = this.words;
    const spreads = this.spreads;
    const q0h = q[qOff]!;
    const q0l = q[qOff + 1]!;
    const qSpread = hashSpread(q, qOff);
    for (let i = 0; i < this.count; i++) {
      const at = i * WORDS;
      // The exact lower bound of hashSpread's comment: past it, no comparison can come within range.
      const d0 = popcount32(q0h ^ words[at]!) + popcount32(q0l ^ words[at + 1]!);
      const spread = spreads[i]! > qSpread ? spreads[i]! : qSpread;
      if (d0 - spread > maxDistance) continue;
      const d = photoDistance(q, words, qOff, at);
      if (d <= maxDistance) out.push({ photoId: this.ids[i]!, distance: d });
    }
    return out.sort((x, y) => x.distance - y.distance || x.photoId - y.photoId);
  }
}
