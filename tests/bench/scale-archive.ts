// A synthetic archive for the scale benchmark: real catalogue rows (photos, descriptive fields,
// tags, regions with damage types, duplicates, failed imports) written through the real schema and
// triggers, real tiny originals and WebP thumbnails on disk. A few hundred distinct files are
// written and hard-linked under each photo's own name, so 50,000 photos cost seconds, not minutes.
// One transaction, prepared statements; the built archive is cached by size and GENERATOR_VERSION
// (scale-bench.ts), so only the first run at a size pays for it.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { derivedPath, openArchive } from '../../electron/catalog/archive';
import { syncSearchIndex } from '../../electron/catalog/search/index-sync';
import { HASHES_PER_PHOTO, PHASH_ALGORITHM } from '../../electron/catalog/similar/phash';
import * as vocabulary from '../../electron/catalog/vocabulary';
import type { Db } from '../../electron/catalog/db';
import { prng } from './prng';


export const CITIES = [
  ['Kharkiv', 'Kharkiv Oblast'], ['Khárkiv', 'Kharkiv Oblast'], ['Харків', 'Харківська область'], ['Mariupol', 'Donetsk Oblast'],
  ['Маріуполь', 'Донецька область'], ['Bucha', 'Kyiv Oblast'], ['Irpin', 'Kyiv Oblast'], ['Kyiv', 'Kyiv'], ['Chernihiv', 'Chernihiv Oblast'],
  ['Izium', 'Kharkiv Oblast'], ['Kherson', 'Kherson Oblast'], ['Mykolaiv', 'Mykolaiv Oblast'], ['Bakhmut', 'Donetsk Oblast'],
  ['Sumy', 'Sumy Oblast'], ['Odesa', 'Odesa Oblast'], ['Zaporizhzhia', 'Zaporizhzhia Oblast'], ['Khorog', 'Gorno-Badakhshan'],
  ['Aleppo', 'Aleppo Governorate'], ['Homs', 'Homs Governorate'], ['Mosul', 'Nineveh'], ['Gaza', 'Gaza Governorate'],
] as const;
const COUNTRIES: Record<string, string> = { Khorog: 'Tajikistan', Aleppo: 'Syria', Homs: 'Syria', Mosul: 'Iraq', Gaza: 'Palestine' };
const CAMERAS = [
  ['Canon', 'Canon EOS 5D Mark IV'], ['Canon', 'Canon EOS R6'], ['NIKON CORPORATION', 'NIKON D750'], ['NIKON CORPORATION', 'NIKON Z 6'],
  ['SONY', 'ILCE-7M3'], ['FUJIFILM', 'X-T3'], ['Apple', 'iPhone 12'], ['Apple', 'iPhone 14 Pro'], ['samsung', 'SM-G991B'],
  ['Google', 'Pixel 7'], ['DJI', 'FC3170'], ['OLYMPUS CORPORATION', 'E-M10MarkIII'], [null, null],
] as const;
const WORDS = 'shelling damaged school facade roof collapsed apartment block burnt car checkpoint bridge market hospital windows blown crater street shop railway station church library warehouse tank debris'.split(' ');
const WORDS_UK = 'обстріл зруйнований школа дах будинок згорілий автомобіль міст ринок лікарня вікна вирва вулиця магазин вокзал церква'.split(' ');
const SEVERITY = ['0', '1', '2', '3', '4', 'na'];
const TAGS = ['verified', 'needs review', 'geolocated', 'chronolocated', 'witness statement', 'drone', 'night', 'aftermath', 'civilian object', 'press', 'ICC submission', 'UN report', 'published', 'embargoed', 'blurred faces', 'перевірено', 'свідок', 'dawn', 'winter', 'summer'];

/** Bump whenever the generated rows change: cached archives of an older version are rebuilt. */
export const GENERATOR_VERSION = 3;

/**
 * Sites, incidents and review statuses, set-based after the photos (a sealed photo's annotations
 * cannot be written afterwards, migration 0017): one site per 60 photos, about a third of the photos
 * on one; an incident per 500; statuses in rough field proportions (most new or annotated, 15%
 * reviewed, 5% sealed) and 3% sensitive. Deterministic from photo ids, so the rest of the archive
 * stays as the PRNG made it.
 */
function populateSitesAndStatuses(db: Db, count: number): void {
  const at = '2024-01-01T00:00:00.000Z';
  const sites = Math.max(1, Math.floor(count / 60));
  const insSite = db.prepare(
    "INSERT INTO sites (uid, name, kind, lat, lon, precision_m, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
  );
  const kinds = ['building', 'vehicle', 'street', 'other'] as const;
  for (let i = 1; i <= sites; i++) {
    insSite.run(`scale-site-${i}`, `Site ${i}`, kinds[i % 4], 46 + (i % 500) / 100, 30 + (i % 700) / 100, [10, 100, 1000][i % 3], at, at);
  }
  const incidents = Math.max(1, Math.floor(count / 500));
  const insIncident = db.prepare('INSERT INTO incidents (uid, name, start_date, end_date, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)');
  for (let i = 1; i <= incidents; i++) insIncident.run(`scale-incident-${i}`, `Incident ${i}`, '2022-03', '2022-04-15', at, at);
  db.exec(`INSERT INTO site_photos (site_id, photo_id) SELECT 1 + (id % ${sites}), id FROM photos WHERE status <> 'error' AND id % 3 = 0`);
  db.exec(`INSERT INTO incident_photos (incident_id, photo_id) SELECT 1 + (id % ${incidents}), id FROM photos WHERE status <> 'error' AND id % 7 = 0`);
  db.exec(`INSERT INTO photo_review (photo_id, status, status_by, status_at, sensitive)
    SELECT id, CASE WHEN id % 20 = 0 THEN 'sealed' WHEN id % 20 < 4 THEN 'reviewed' WHEN id % 20 < 12 THEN 'annotated' ELSE 'new' END,
           'Bench', '${at}', CASE WHEN id % 33 = 0 THEN 1 ELSE 0 END
    FROM photos WHERE status <> 'error' AND (id % 20 < 12 OR id % 33 = 0)`);
}
export const SITES_AND_STATUSES_GENERATED = true;

export interface BuildReport {
  photos: number;
  regions: number;
  tags: number;
  metaRows: number;
  buildMs: number;
  indexMs: number;
}

export async function buildScaleArchive(dir: string, count: number, log: (s: string) => void = () => {}): Promise<BuildReport> {
  const t0 = performance.now();
  const rnd = prng(50_000);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const archive = openArchive(dir);
  const db = archive.db;
  // Distinct tiny originals, hard-linked under each photo's own name; thumbnails copied (the media
  // server serves a derived image only if it has one link: a hard link could name any file).
  const srcDir = path.join(dir, '..', `${path.basename(dir)}-originals`);
  const poolDir = path.join(dir, '..', `${path.basename(dir)}-pool`);
  fs.mkdirSync(srcDir, { recursive: true });
  fs.mkdirSync(poolDir, { recursive: true });
  const POOL = 300;
  const pool: Array<{ jpeg: string; webp: string; size: number }> = [];
  for (let i = 0; i < POOL; i++) {
    const colour = { r: Math.floor(rnd() * 255), g: Math.floor(rnd() * 255), b: Math.floor(rnd() * 255) };
    const base = sharp({ create: { width: 48, height: 32, channels: 3, background: colour } });
    const jpeg = path.join(poolDir, `${i}.jpg`);
    const webp = path.join(poolDir, `${i}.webp`);
    await base.clone().jpeg().toFile(jpeg);
    await base.clone().webp().toFile(webp);
    pool.push({ jpeg, webp, size: fs.statSync(jpeg).size });
  }
  log(`pool of ${POOL} tiny files written`);

  const leafClasses = db.prepare("SELECT id FROM terms WHERE kind = 'class' AND parent_id IS NOT NULL").pluck().all() as number[];
  const damage = db.prepare("SELECT id FROM terms WHERE kind = 'damage'").pluck().all() as number[];
  for (const t of TAGS) if (!db.prepare("SELECT 1 FROM terms WHERE kind = 'tag' AND label = ?").get(t)) vocabulary.addTerm(db, { kind: 'tag', label: t, parentId: null, colour: null, shortcut: null });
  const tags = db.prepare("SELECT id FROM terms WHERE kind = 'tag'").pluck().all() as number[];

  const importId = Number(db.prepare("INSERT INTO imports (started_at, finished_at, mode, roots_json, state) VALUES (?, ?, 'reference', '[]', 'done')").run('2024-06-01T00:00:00Z', '2024-06-01T01:00:00Z').lastInsertRowid);
  const insPhoto = db.prepare(`INSERT INTO photos (source_path, file_name, sha256, size, mtime_ms, status, error, format, width, height, orientation, has_thumb, has_preview,
      taken_at, taken_at_source, taken_sort, make, model, gps_lat, gps_lon, file_title, file_caption, file_keywords, imported_at, import_id)
    VALUES (@source_path, @file_name, @sha256, @size, 0, @status, @error, 'jpeg', 48, 32, 1, @has_thumb, 0, @taken_at, 'EXIF DateTimeOriginal', @taken_sort, @make, @model, @lat, @lon, @title, @caption, '[]', @imported_at, ${importId})`);
  const insMeta = db.prepare('INSERT INTO photo_meta (photo_id, field, value) VALUES (?, ?, ?)');
  const insTag = db.prepare('INSERT OR IGNORE INTO photo_tags (photo_id, term_id) VALUES (?, ?)');
  const insRegion = db.prepare(`INSERT INTO regions (photo_id, geometry, class_id, severity, confidence, note, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, '2024-06-02T00:00:00Z', '2024-06-02T00:00:00Z')`);
  const insDamage = db.prepare('INSERT OR IGNORE INTO region_damage (region_id, term_id) VALUES (?, ?)');
  const insDup = db.prepare("INSERT INTO duplicates (source_path, sha256, photo_id, found_at) VALUES (?, ?, ?, '2024-06-01T00:30:00Z')");
  // Perceptual hashes, so the session's background hashing finds nothing to do: random ones, and
  // every 53rd photo a near-copy of the one before (a few bits flipped), paired. A PRNG of their own
  // keeps the rest of the archive the same as before hashes existed.
  // Like real pHashes (similar/index.ts), a photo's crop hashes lie within a few bits of its
  // whole-picture hash (here 1 to 9 bits flipped), not at random.
  const hashRnd = prng(53);
  const randomHash = () => Array.from({ length: 16 }, () => Math.floor(hashRnd() * 16).toString(16)).join('');
  const nearHash = (h: string) => {
    let v = BigInt(`0x${h}`);
    const n = 1 + Math.floor(hashRnd() * 9);
    for (let b = 0; b < n; b++) v ^= 1n << BigInt(Math.floor(hashRnd() * 64));
    return v.toString(16).padStart(16, '0');
  };
  const photoHashes = () => {
    const whole = randomHash();
    return [whole, ...Array.from({ length: HASHES_PER_PHOTO - 1 }, () => nearHash(whole))];
  };
  const flip = (h: string) => h.slice(0, 15) + (parseInt(h[15]!, 16) ^ 0b101).toString(16);
  const insHash = db.prepare("INSERT INTO photo_phash (photo_id, algorithm, hashes, computed_at) VALUES (?, ?, ?, '2024-06-01T00:40:00Z')");
  const insPair = db.prepare('INSERT INTO similar_pairs (a, b, distance) VALUES (?, ?, 2)');
  let previous: { id: number; hashes: string[] } | null = null;
  let regions = 0;
  let tagRows = 0;
  let metaRows = 0;
  const sentence = (n: number) => Array.from({ length: n }, () => (rnd() < 0.3 ? pick(WORDS_UK) : pick(WORDS))).join(' ');

  const made = new Set<string>();
  const ensureDir = (d: string) => {
    if (made.has(d)) return;
    fs.mkdirSync(d, { recursive: true });
    made.add(d);
  };
  db.transaction(() => {
    for (let i = 1; i <= count; i++) {
      const sha256 = createHash('sha256').update(`synthetic-${i}`).digest('hex');
      const file = pool[i % POOL]!;
      const failed = i % 250 === 0;
      const day = new Date(Date.UTC(2022, 1, 24) + Math.floor(rnd() * 900) * 86_400_000);
      const iso = `${day.toISOString().slice(0, 10)}T${String(6 + Math.floor(rnd() * 14)).padStart(2, '0')}:${String(Math.floor(rnd() * 60)).padStart(2, '0')}:00`;
      const [make, model] = pick(CAMERAS);
      const [city, region] = pick(CITIES);
      const gps = rnd() < 0.6;
      const folder = path.join(srcDir, `trip-${Math.floor(i / 1000)}`);
      ensureDir(folder);
      const source = path.join(folder, `${i % 3 ? 'IMG' : 'DSC'}_${String(i).padStart(6, '0')}.JPG`);
      fs.linkSync(file.jpeg, source);
      if (!failed) {
        const thumb = derivedPath(dir, 'thumbs', sha256);
        ensureDir(path.dirname(thumb));
        // A copy, not a link: the media server refuses hard-linked thumbnails.
        fs.copyFileSync(file.webp, thumb);
      }
      const id = Number(
        insPhoto.run({
          source_path: source,
          file_name: path.basename(source),
          sha256: failed ? null : sha256,
          size: file.size,
          status: failed ? 'error' : 'ok',
          error: failed ? 'Not an image (the file is truncated)' : null,
          has_thumb: failed ? 0 : 1,
          taken_at: iso.replace(/-/g, ':').replace('T', ' '),
          taken_sort: iso,
          make,
          model,
          lat: gps ? 46 + rnd() * 6 : null,
          lon: gps ? 24 + rnd() * 16 : null,
          title: rnd() < 0.2 ? sentence(3) : null,
          caption: rnd() < 0.2 ? sentence(8) : null,
          imported_at: new Date(Date.UTC(2024, 5, 1) + i * 1000).toISOString(),
        }).lastInsertRowid,
      );
      if (failed) continue;
      const hashes = previous && i % 53 === 0 ? previous.hashes.map(flip) : photoHashes();
      insHash.run(id, PHASH_ALGORITHM, hashes.join(','));
      if (previous && i % 53 === 0) insPair.run(previous.id, id);
      previous = { id, hashes };
      const annotated = rnd() < 0.75;
      if (!annotated) continue;
      const meta: Array<[string, string]> = [['city', city], ['region', region], ['country', COUNTRIES[city] ?? 'Ukraine']];
      if (rnd() < 0.7) meta.push(['caption', sentence(6 + Math.floor(rnd() * 10))]);
      if (rnd() < 0.4) meta.push(['title', sentence(3)]);
      if (rnd() < 0.3) meta.push(['event', `${pick(WORDS)} ${pick(['attack', 'strike', 'shelling', 'обстріл'])} ${day.toISOString().slice(0, 7)}`]);
      if (rnd() < 0.3) meta.push(['source', pick(['field team A', 'field team B', 'local journalist', 'OSINT volunteer', 'Telegram channel'])]);
      if (rnd() < 0.1) meta.push(['sublocation', `${pick(WORDS)} street ${Math.floor(rnd() * 200)}`]);
      for (const [f, v] of meta) insMeta.run(id, f, v);
      metaRows += meta.length;
      const nTags = Math.floor(rnd() * 4);
      for (let t = 0; t < nTags; t++) tagRows += insTag.run(id, pick(tags)).changes;
      const nRegions = Math.floor(rnd() * rnd() * 5);
      for (let r = 0; r < nRegions; r++) {
        const x = rnd() * 0.7;
        const y = rnd() * 0.7;
        const rid = Number(
          insRegion.run(
            id,
            JSON.stringify({ type: 'rect', x, y, w: 0.1 + rnd() * 0.2, h: 0.1 + rnd() * 0.2 }),
            rnd() < 0.9 ? pick(leafClasses) : null,
            rnd() < 0.8 ? pick(SEVERITY) : null,
            rnd() < 0.7 ? (rnd() < 0.7 ? 'certain' : 'possible') : null,
            rnd() < 0.5 ? sentence(5) : '',
          ).lastInsertRowid,
        );
        const nDamage = Math.floor(rnd() * 3);
        for (let d = 0; d < nDamage; d++) insDamage.run(rid, pick(damage));
        regions++;
      }
      if (i % 97 === 0) insDup.run(`${source}.copy.JPG`, sha256, id);
    }
    populateSitesAndStatuses(db, count);
  })();
  // The cached archive is measured again and again, and each session backs the catalogue up on open:
  // keep two backups, not ten copies of a catalogue this size.
  db.prepare("INSERT OR REPLACE INTO settings (key, value) VALUES ('backupKeep', '2')").run();
  const t1 = performance.now();
  log(`${count} photos written in ${Math.round(t1 - t0)} ms; indexing`);
  syncSearchIndex(db);
  const t2 = performance.now();
  db.pragma('wal_checkpoint(TRUNCATE)');
  archive.close();
  return { photos: count, regions, tags: tagRows, metaRows, buildMs: Math.round(t1 - t0), indexMs: Math.round(t2 - t1) };
}
