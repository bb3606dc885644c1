// The near-duplicate scan skips photos by a lower bound (similar/index.ts, hashSpread); the skip must
// never lose a match. Checked against the plain definition (photoDistance for every photo) on hash
// sets built to sit near the bound: crops close to and far from their whole picture, copies a few
// bits away, and unrelated photos.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openArchive } from '../../electron/catalog/archive';
import { hashWords, NEAR_DUPLICATE_DISTANCE, photoDistance, SimilarIndex } from '../../electron/catalog/similar/index';
import { HASHES_PER_PHOTO, PHASH_ALGORITHM } from '../../electron/catalog/similar/phash';
import { tempDir } from '../helpers/fixtures';
import { prng } from '../bench/prng';

describe('near-duplicate scan', () => {
  it('finds exactly the photos a comparison with every photo finds', () => {
    const rnd = prng(7);
    const hex = (v: bigint) => v.toString(16).padStart(16, '0');
    const random64 = () => (BigInt(Math.floor(rnd() * 2 ** 32)) << 32n) | BigInt(Math.floor(rnd() * 2 ** 32));
    const flip = (v: bigint, bits: number) => {
      for (let b = 0; b < bits; b++) v ^= 1n << BigInt(Math.floor(rnd() * 64));
      return v;
    };
    // Whole picture plus crops: some crops near the whole (as real ones are), some anywhere.
    const photo = (whole: bigint, cropSpread: number) => [whole, ...Array.from({ length: HASHES_PER_PHOTO - 1 }, () => (cropSpread > 32 ? random64() : flip(whole, Math.floor(rnd() * cropSpread))))];
    const sets: bigint[][] = [];
    for (let i = 0; i < 400; i++) {
      const base = i > 0 && rnd() < 0.5 ? sets[Math.floor(rnd() * sets.length)]! : null;
      const spread = [2, 8, 14, 20, 64][i % 5]!;
      // Copies of an earlier photo land at every distance around the threshold.
      sets.push(base ? photo(flip(base[0]!, Math.floor(rnd() * 30)), spread) : photo(random64(), spread));
    }
    const archive = openArchive(path.join(tempDir(), 'archive'));
    try {
      const db = archive.db;
      const importId = Number(db.prepare("INSERT INTO imports (started_at, mode, roots_json, state) VALUES ('2024-01-01', 'reference', '[]', 'done')").run().lastInsertRowid);
      const insert = db.prepare(`INSERT INTO photos (source_path, file_name, size, mtime_ms, status, format, imported_at, import_id) VALUES (?, ?, 1, 0, 'ok', 'jpeg', '2024-01-01', ?)`);
      const store = db.prepare("INSERT INTO photo_phash (photo_id, algorithm, hashes, computed_at) VALUES (?, ?, ?, '2024-01-01')");
      const ids = sets.map((hashes, i) => {
        const id = Number(insert.run(`/x/${i}.jpg`, `${i}.jpg`, importId).lastInsertRowid);
        store.run(id, PHASH_ALGORITHM, hashes.map(hex).join(','));
        return id;
      });
      const words = sets.map((h) => hashWords(h.map(hex).join(',')));
      const index = new SimilarIndex(db);
      let matches = 0;
      for (let q = 0; q < sets.length; q++) {
        for (const max of [4, NEAR_DUPLICATE_DISTANCE, 20]) {
          const expected = words
            .map((w, t) => ({ photoId: ids[t]!, distance: photoDistance(words[q]!, w) }))
            .filter((m) => m.distance <= max && m.photoId !== ids[q])
            .sort((x, y) => x.distance - y.distance || x.photoId - y.photoId);
          expect(index.near(ids[q]!, max)).toEqual(expected);
          if (max === NEAR_DUPLICATE_DISTANCE) matches += expected.length;
        }
      }
      // The check means something only if there are matches to lose.
      expect(matches).toBeGreaterThan(50);
    } finally {
      archive.close();
    }
  });
});
