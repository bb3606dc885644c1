-- Find and browse: a full-text index, per-photo facet facts, and collections.
--
-- The index and the facts are derived from photos, photo_meta, photo_tags, regions, region_damage,
-- terms and duplicates. Triggers on those tables only queue the photo ids they touch
-- (search_dirty); electron/catalog/search/index-sync.ts rebuilds the queued photos before every search
-- or count. A trigger cannot be forgotten by a new write path (import, edit, batch, undo/redo,
-- term rename or merge, relink), and queueing keeps each write cheap: a batch that sets ten
-- fields on 10,000 photos rebuilds each photo once, not ten times.

-- The triggers test for a queued id rather than INSERT OR IGNORE: an outer statement's own conflict
-- clause (an upsert, INSERT OR IGNORE) overrides the one inside a trigger.
CREATE TABLE search_dirty (photo_id INTEGER PRIMARY KEY);

-- One document per photo, rowid = photos.id. Diacritics are folded ("Khárkiv" finds "Kharkiv"),
-- Cyrillic and Latin are case-folded alike; 2- and 3-letter prefix indexes keep short prefix
-- queries fast on large archives.
CREATE VIRTUAL TABLE photo_fts USING fts5(
  title, caption, notes, regions, labels, files, places, camera,
  tokenize = 'unicode61 remove_diacritics 2',
  prefix = '2 3'
);

-- What each photo contributes to each facet: (facet, value) pairs, e.g. ('class', '12'),
-- ('camera', 'Canon EOS 40D'), ('flag', 'has-gps'). Counting a facet is one indexed GROUP BY.
CREATE TABLE photo_facts (
  facet TEXT NOT NULL,
  value TEXT NOT NULL,
  photo_id INTEGER NOT NULL,
  PRIMARY KEY (facet, value, photo_id)
) WITHOUT ROWID;
CREATE INDEX photo_facts_photo ON photo_facts(photo_id);

-- Single-valued, per photo: what filters and sort orders need without joining five tables.
CREATE TABLE photo_search (
  photo_id INTEGER PRIMARY KEY,
  is_error INTEGER NOT NULL,     -- status 'error': listed only under the "problems" flag
  day TEXT,                      -- capture date (local, as the file states it), YYYY-MM-DD
  lat REAL, lon REAL,            -- the user's position over the file's GPS (as exports do)
  severity_rank INTEGER NOT NULL -- highest region severity 0-4; -1 not assessable; -2 unassessed
);
CREATE INDEX photo_search_day ON photo_search(day);
CREATE INDEX photo_search_lat ON photo_search(lat, lon) WHERE lat IS NOT NULL;
CREATE INDEX photo_search_severity ON photo_search(severity_rank);
CREATE INDEX photos_imported ON photos(imported_at, id);
CREATE INDEX photos_name ON photos(file_name COLLATE NOCASE, id);
CREATE INDEX regions_class ON regions(class_id);
CREATE INDEX region_damage_term ON region_damage(term_id);
CREATE INDEX duplicates_photo ON duplicates(photo_id);

CREATE TRIGGER search_photos_insert AFTER INSERT ON photos BEGIN
  INSERT INTO search_dirty (photo_id) SELECT new.id WHERE NOT EXISTS (SELECT 1 FROM search_dirty WHERE photo_id = new.id);
END;
CREATE TRIGGER search_photos_update AFTER UPDATE OF
  file_name, status, taken_sort, make, model, lens, gps_lat, gps_lon,
  file_title, file_caption, file_creator, file_credit, file_copyright, file_keywords ON photos BEGIN
  INSERT INTO search_dirty (photo_id) SELECT new.id WHERE NOT EXISTS (SELECT 1 FROM search_dirty WHERE photo_id = new.id);
END;
-- What only the grid tile shows (no index or facet depends on it): queued apart, so flagging
-- 50,000 originals missing when a drive is unplugged costs no re-indexing.
CREATE TABLE summary_dirty (photo_id INTEGER PRIMARY KEY);
CREATE TRIGGER search_photos_summary AFTER UPDATE OF width, height, taken_at, has_thumb, missing_since ON photos BEGIN
  INSERT INTO summary_dirty (photo_id) SELECT new.id WHERE NOT EXISTS (SELECT 1 FROM summary_dirty WHERE photo_id = new.id);
END;
CREATE TRIGGER search_photos_delete AFTER DELETE ON photos BEGIN
  INSERT INTO search_dirty (photo_id) SELECT old.id WHERE NOT EXISTS (SELECT 1 FROM search_dirty WHERE photo_id = old.id);
END;
CREATE TRIGGER search_meta_insert AFTER INSERT ON photo_meta BEGIN
  INSERT INTO search_dirty (photo_id) SELECT new.photo_id WHERE NOT EXISTS (SELECT 1 FROM search_dirty WHERE photo_id = new.photo_id);
END;
CREATE TRIGGER search_meta_update AFTER UPDATE ON photo_meta BEGIN
  INSERT INTO search_dirty (photo_id) SELECT new.photo_id WHERE NOT EXISTS (SELECT 1 FROM search_dirty WHERE photo_id = new.photo_id);
  INSERT INTO search_dirty (photo_id) SELECT old.photo_id WHERE NOT EXISTS (SELECT 1 FROM search_dirty WHERE photo_id = old.photo_id);
END;
CREATE TRIGGER search_meta_delete AFTER DELETE ON photo_meta BEGIN
  INSERT INTO search_dirty (photo_id) SELECT old.photo_id WHERE NOT EXISTS (SELECT 1 FROM search_dirty WHERE photo_id = old.photo_id);
END;
CREATE TRIGGER search_tags_insert AFTER INSERT ON photo_tags BEGIN
  INSERT INTO search_dirty (photo_id) SELECT new.photo_id WHERE NOT EXISTS (SELECT 1 FROM search_dirty WHERE photo_id = new.photo_id);
END;
CREATE TRIGGER search_tags_delete AFTER DELETE ON photo_tags BEGIN
  INSERT INTO search_dirty (photo_id) SELECT old.photo_id WHERE NOT EXISTS (SELECT 1 FROM search_dirty WHERE photo_id = old.photo_id);
END;
CREATE TRIGGER search_regions_insert AFTER INSERT ON regions BEGIN
  INSERT INTO search_dirty (photo_id) SELECT new.photo_id WHERE NOT EXISTS (SELECT 1 FROM search_dirty WHERE photo_id = new.photo_id);
END;
CREATE TRIGGER search_regions_update AFTER UPDATE ON regions BEGIN
  INSERT INTO search_dirty (photo_id) SELECT new.photo_id WHERE NOT EXISTS (SELECT 1 FROM search_dirty WHERE photo_id = new.photo_id);
  INSERT INTO search_dirty (photo_id) SELECT old.photo_id WHERE NOT EXISTS (SELECT 1 FROM search_dirty WHERE photo_id = old.photo_id);
END;
CREATE TRIGGER search_regions_delete AFTER DELETE ON regions BEGIN
  INSERT INTO search_dirty (photo_id) SELECT old.photo_id WHERE NOT EXISTS (SELECT 1 FROM search_dirty WHERE photo_id = old.photo_id);
END;
CREATE TRIGGER search_damage_insert AFTER INSERT ON region_damage BEGIN
  INSERT INTO search_dirty (photo_id) SELECT photo_id FROM regions WHERE id = new.region_id AND photo_id NOT IN (SELECT photo_id FROM search_dirty);
END;
CREATE TRIGGER search_damage_delete AFTER DELETE ON region_damage BEGIN
  INSERT INTO search_dirty (photo_id) SELECT photo_id FROM regions WHERE id = old.region_id AND photo_id NOT IN (SELECT photo_id FROM search_dirty);
END;
CREATE TRIGGER search_duplicates_insert AFTER INSERT ON duplicates BEGIN
  INSERT INTO search_dirty (photo_id) SELECT new.photo_id WHERE NOT EXISTS (SELECT 1 FROM search_dirty WHERE photo_id = new.photo_id);
END;
-- A renamed or re-parented term changes the labels (and facet roll-up) of every photo that uses it
-- or one of its subtypes.
CREATE TRIGGER search_terms_update AFTER UPDATE OF label, parent_id ON terms BEGIN
  INSERT INTO search_dirty (photo_id)
  WITH RECURSIVE sub(id) AS (SELECT new.id UNION SELECT t.id FROM terms t JOIN sub ON t.parent_id = sub.id)
  SELECT photo_id FROM (
    SELECT photo_id FROM photo_tags WHERE term_id IN sub
    UNION SELECT photo_id FROM regions WHERE class_id IN sub
    UNION SELECT r.photo_id FROM region_damage d JOIN regions r ON r.id = d.region_id WHERE d.term_id IN sub)
  WHERE photo_id NOT IN (SELECT photo_id FROM search_dirty);
END;

-- Collections: named albums (photos put there by hand) and saved searches (a PhotoQuery as JSON).
CREATE TABLE collections (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('album', 'search')),
  query_json TEXT,
  created_at TEXT NOT NULL,
  CHECK ((kind = 'search') = (query_json IS NOT NULL))
);
CREATE TABLE collection_photos (
  collection_id INTEGER NOT NULL REFERENCES collections(id) ON DELETE CASCADE,
  photo_id INTEGER NOT NULL REFERENCES photos(id) ON DELETE CASCADE,
  added_at TEXT NOT NULL,
  PRIMARY KEY (collection_id, photo_id)
) WITHOUT ROWID;
CREATE INDEX collection_photos_photo ON collection_photos(photo_id);

-- Backfill: every photo already catalogued is indexed on the first search after this upgrade.
INSERT INTO search_dirty (photo_id) SELECT id FROM photos;
