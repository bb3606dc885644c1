// Keeps the search index (photo_fts), the facet facts (photo_facts) and the per-photo search row
// (photo_search) in step with the catalogue. Triggers (migrations/0004_search.sql) queue every
// photo a write touches in search_dirty; syncSearchIndex rebuilds exactly those photos, set-based,
// and is called before every search or count, so results always reflect the last committed edit.
import { normalisedCamera } from '../camera-names';
import type { Db } from '../db';
import { EFFECTIVE_STATUS } from '../review/state';

/** The descriptive fields that name a place, most specific first (see placeExpr). */
export const PLACE_FIELDS = ['sublocation', 'city', 'region', 'country', 'countryCode'] as const;
const NOTE_FIELDS = ['creator', 'credit', 'copyright', 'event', 'source', 'provenance'];

const DIRTY = 'SELECT photo_id FROM search_dirty';
const meta = (field: string) => `(SELECT value FROM photo_meta WHERE photo_id = p.id AND field = '${field}')`;

/**
 * The place facet: the user's city, else region, else country. One value per photo so the counts
 * add up; the sublocation (a street, a building) would split a town into hundreds of entries and
 * stays searchable as text instead.
 */
const placeExpr = `coalesce(${meta('city')}, ${meta('region')}, ${meta('country')})`;

const registered = new WeakSet<Db>();

/** The camera as photo managers list it (brand and model, camera-names.ts), registered on the connection. */
function registerFunctions(db: Db): void {
  if (registered.has(db)) return;
  db.function('search_camera', { deterministic: true }, (make: unknown, model: unknown) =>
    normalisedCamera(typeof make === 'string' ? make : null, typeof model === 'string' ? model : null),
  );
  registered.add(db);
}

/** Every term a queued photo uses (photo tag, region class, region damage type) and their parents. */
const USES = `
  INSERT OR IGNORE INTO temp.search_uses (photo_id, term_id)
  WITH RECURSIVE used(photo_id, term_id) AS (
    SELECT photo_id, term_id FROM photo_tags WHERE photo_id IN (${DIRTY})
    UNION SELECT photo_id, class_id FROM regions WHERE class_id IS NOT NULL AND photo_id IN (${DIRTY})
    UNION SELECT r.photo_id, d.term_id FROM region_damage d JOIN regions r ON r.id = d.region_id WHERE r.photo_id IN (${DIRTY})
    UNION SELECT u.photo_id, t.parent_id FROM used u JOIN terms t ON t.id = u.term_id WHERE t.parent_id IS NOT NULL
  ) SELECT photo_id, term_id FROM used`;

const severityLabel = `CASE severity WHEN '0' THEN 'none' WHEN '1' THEN 'slight' WHEN '2' THEN 'moderate'
  WHEN '3' THEN 'severe' WHEN '4' THEN 'destroyed' WHEN 'na' THEN 'not assessable' END`;

const DOCS = `
  INSERT INTO photo_fts (rowid, title, caption, notes, regions, labels, files, places, camera)
  SELECT p.id,
    concat_ws(' ', ${meta('title')}, p.file_title),
    concat_ws(' ', ${meta('caption')}, p.file_caption),
    concat_ws(' ',
      (SELECT group_concat(value, ' ') FROM photo_meta WHERE photo_id = p.id AND field IN (${NOTE_FIELDS.map((f) => `'${f}'`).join(', ')})),
      p.file_creator, p.file_credit, p.file_copyright,
      (SELECT group_concat(value, ' ') FROM json_each(p.file_keywords))),
    (SELECT group_concat(note, ' ') FROM regions WHERE photo_id = p.id AND note <> ''),
    concat_ws(' ',
      (SELECT group_concat(t.label, ' ') FROM temp.search_uses u JOIN terms t ON t.id = u.term_id WHERE u.photo_id = p.id),
      (SELECT group_concat(DISTINCT ${severityLabel}) FROM regions WHERE photo_id = p.id AND severity IS NOT NULL)),
    p.file_name,
    (SELECT group_concat(value, ' ') FROM photo_meta WHERE photo_id = p.id AND field IN (${PLACE_FIELDS.map((f) => `'${f}'`).join(', ')})),
    concat_ws(' ', p.make, p.model, p.lens)
  FROM photos p WHERE p.id IN (${DIRTY})`;

const ROWS = `
  INSERT INTO photo_search (photo_id, is_error, day, lat, lon, severity_rank)
  SELECT p.id, p.status = 'error',
    CASE WHEN p.taken_sort GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]*' THEN substr(p.taken_sort, 1, 10) END,
    CASE WHEN ml.lat IS NOT NULL AND ml.lon IS NOT NULL THEN ml.lat ELSE p.gps_lat END,
    CASE WHEN ml.lat IS NOT NULL AND ml.lon IS NOT NULL THEN ml.lon ELSE p.gps_lon END,
    coalesce((SELECT max(CASE severity WHEN 'na' THEN -1 ELSE CAST(severity AS INTEGER) END) FROM regions WHERE photo_id = p.id AND severity IS NOT NULL), -2)
  FROM photos p
  LEFT JOIN (SELECT photo_id,
               max(CASE WHEN field = 'lat' THEN CAST(value AS REAL) END) AS lat,
               max(CASE WHEN field = 'lon' THEN CAST(value AS REAL) END) AS lon
             FROM photo_meta WHERE field IN ('lat', 'lon') AND photo_id IN (${DIRTY}) GROUP BY photo_id) ml ON ml.photo_id = p.id
  WHERE p.id IN (${DIRTY})`;

/** Facts of photos that are not import failures; a failed file only ever counts as a problem. */
const FACTS = `
  INSERT OR IGNORE INTO photo_facts (facet, value, photo_id)
  SELECT t.kind, CAST(u.term_id AS TEXT), u.photo_id FROM temp.search_uses u JOIN terms t ON t.id = u.term_id
  UNION ALL SELECT DISTINCT 'severity', severity, photo_id FROM regions WHERE severity IS NOT NULL AND photo_id IN (${DIRTY})
  UNION ALL SELECT DISTINCT 'confidence', confidence, photo_id FROM regions WHERE confidence IS NOT NULL AND photo_id IN (${DIRTY})
  UNION ALL SELECT 'camera', c, id FROM (SELECT p.id, search_camera(p.make, p.model) AS c FROM photos p WHERE p.status <> 'error' AND p.id IN (${DIRTY})) WHERE c IS NOT NULL
  UNION ALL SELECT 'place', c, id FROM (SELECT p.id, ${placeExpr} AS c FROM photos p WHERE p.status <> 'error' AND p.id IN (${DIRTY})) WHERE c IS NOT NULL
  UNION ALL SELECT 'flag', CASE WHEN s.lat IS NOT NULL AND s.lon IS NOT NULL THEN 'has-gps' ELSE 'no-gps' END, s.photo_id
    FROM photo_search s WHERE s.is_error = 0 AND s.photo_id IN (${DIRTY})
  UNION ALL SELECT 'flag', 'has-regions', p.id FROM photos p WHERE p.status <> 'error' AND p.id IN (${DIRTY})
    AND EXISTS (SELECT 1 FROM regions WHERE photo_id = p.id)
  UNION ALL SELECT 'flag', 'unannotated', p.id FROM photos p WHERE p.status <> 'error' AND p.id IN (${DIRTY})
    AND NOT EXISTS (SELECT 1 FROM regions WHERE photo_id = p.id)
    AND NOT EXISTS (SELECT 1 FROM photo_tags WHERE photo_id = p.id)
    AND NOT EXISTS (SELECT 1 FROM photo_meta WHERE photo_id = p.id)
  UNION ALL SELECT 'flag', 'duplicates', p.id FROM photos p WHERE p.status <> 'error' AND p.id IN (${DIRTY})
    AND EXISTS (SELECT 1 FROM duplicates WHERE photo_id = p.id)
  UNION ALL SELECT 'flag', 'near-duplicates', p.id FROM photos p WHERE p.status <> 'error' AND p.id IN (${DIRTY})
    AND EXISTS (SELECT 1 FROM similar_pairs s JOIN photos o ON o.id = CASE WHEN s.a = p.id THEN s.b ELSE s.a END
                WHERE (s.a = p.id OR s.b = p.id) AND o.status <> 'error' AND o.withdrawn_at IS NULL
                  AND NOT EXISTS (SELECT 1 FROM similar_decisions d WHERE d.a = s.a AND d.b = s.b AND d.verdict = 'different'))
  UNION ALL SELECT 'flag', 'problems', p.id FROM photos p WHERE p.status = 'error' AND p.id IN (${DIRTY})
  UNION ALL SELECT 'status', ${EFFECTIVE_STATUS('p')}, p.id FROM photos p WHERE p.status <> 'error' AND p.id IN (${DIRTY})
  UNION ALL SELECT 'flag', 'sensitive', r.photo_id FROM photo_review r JOIN photos p ON p.id = r.photo_id
    WHERE r.sensitive = 1 AND p.status <> 'error' AND r.photo_id IN (${DIRTY})`;

/**
 * Photos rebuilt on this connection that the in-memory cache (cache.ts) has not re-read yet. The
 * queues are emptied by whoever syncs first (a search, a saved search's count in the collections
 * list, an export); if only the caller learnt which photos changed, the cache would keep the old
 * facts of every photo synced by another caller, for as long as the server runs. So the changes
 * are kept here until the cache takes them.
 */
const unseen = new WeakMap<Db, Set<number>>();

/** The photos rebuilt since the last call (for the cache), and forgets them. */
export function takeChangedPhotos(db: Db): number[] {
  const set = unseen.get(db);
  if (!set || set.size === 0) return [];
  unseen.set(db, new Set());
  return [...set];
}

/**
 * Rebuilds the queued photos. Returns every photo whose index entry or grid tile changed; they are
 * also kept for the in-memory cache (takeChangedPhotos). Cheap when nothing is queued.
 */
export function syncSearchIndex(db: Db): number[] {
  // A read-only connection (a reading CLI command beside the writer) searches the index as the writer
  // last brought it up to date; the writer catches up on its next search and when it closes.
  if (db.readonly) return [];
  const pending = db.prepare('SELECT (SELECT count(*) FROM search_dirty) + (SELECT count(*) FROM summary_dirty)').pluck().get() as number;
  if (pending === 0) return [];
  registerFunctions(db);
  const changed = rebuild(db);
  let set = unseen.get(db);
  if (!set) unseen.set(db, (set = new Set()));
  for (const id of changed) set.add(id);
  return changed;
}

function rebuild(db: Db): number[] {
  return db.transaction(() => {
    const changed = db.prepare(`${DIRTY} UNION SELECT photo_id FROM summary_dirty`).pluck().all() as number[];
    db.exec(`CREATE TEMP TABLE IF NOT EXISTS search_uses (photo_id INTEGER NOT NULL, term_id INTEGER NOT NULL, PRIMARY KEY (photo_id, term_id)) WITHOUT ROWID;
      DELETE FROM temp.search_uses;`);
    db.exec(USES);
    db.exec(`DELETE FROM photo_fts WHERE rowid IN (${DIRTY});
      DELETE FROM photo_search WHERE photo_id IN (${DIRTY});
      DELETE FROM photo_facts WHERE photo_id IN (${DIRTY});`);
    db.exec(DOCS);
    db.exec(ROWS);
    db.exec(FACTS);
    db.exec('DELETE FROM temp.search_uses; DELETE FROM search_dirty; DELETE FROM summary_dirty;');
    return changed;
  })();
}
