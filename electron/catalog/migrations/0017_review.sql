-- Review workflow and sensitivity: each photo's review status (new -> annotated -> reviewed ->
-- sealed) with who set it and when, and the "sensitive" flag (graphic content: shown blurred until
-- clicked). A photo without a row is "new" and not sensitive. Every change is an undoable edit in the
-- history (electron/catalog/review/), which keeps the earlier values; this row holds the current ones.
CREATE TABLE photo_review (
  photo_id INTEGER PRIMARY KEY REFERENCES photos(id) ON DELETE CASCADE,
  status TEXT NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'annotated', 'reviewed', 'sealed')),
  status_by TEXT,
  status_at TEXT,
  -- Why a sealed photo was unsealed (kept until the status changes again).
  status_reason TEXT,
  sensitive INTEGER NOT NULL DEFAULT 0 CHECK (sensitive IN (0, 1))
);

-- Status and sensitivity are facet facts, and sensitivity shows on the grid tile.
CREATE TRIGGER search_review_insert AFTER INSERT ON photo_review BEGIN
  INSERT INTO search_dirty (photo_id) SELECT new.photo_id WHERE NOT EXISTS (SELECT 1 FROM search_dirty WHERE photo_id = new.photo_id);
END;
CREATE TRIGGER search_review_update AFTER UPDATE ON photo_review BEGIN
  INSERT INTO search_dirty (photo_id) SELECT new.photo_id WHERE NOT EXISTS (SELECT 1 FROM search_dirty WHERE photo_id = new.photo_id);
END;
CREATE TRIGGER search_review_delete AFTER DELETE ON photo_review BEGIN
  INSERT INTO search_dirty (photo_id) SELECT old.photo_id WHERE NOT EXISTS (SELECT 1 FROM search_dirty WHERE photo_id = old.photo_id);
END;

-- A sealed photo's annotations are read-only until it is unsealed. The core refuses such edits first,
-- naming the photos (review/seal.ts); these triggers are the backstop for any write path that would
-- miss that check (a bag import, a vocabulary merge, a future command), so no code can change them.
CREATE TRIGGER sealed_tags_insert BEFORE INSERT ON photo_tags
  WHEN EXISTS (SELECT 1 FROM photo_review WHERE photo_id = new.photo_id AND status = 'sealed')
BEGIN SELECT RAISE(ABORT, 'SEALED: this photo is sealed; its annotations are read-only until it is unsealed'); END;
CREATE TRIGGER sealed_tags_delete BEFORE DELETE ON photo_tags
  WHEN EXISTS (SELECT 1 FROM photo_review WHERE photo_id = old.photo_id AND status = 'sealed')
BEGIN SELECT RAISE(ABORT, 'SEALED: this photo is sealed; its annotations are read-only until it is unsealed'); END;
CREATE TRIGGER sealed_tags_update BEFORE UPDATE ON photo_tags
  WHEN EXISTS (SELECT 1 FROM photo_review WHERE photo_id IN (old.photo_id, new.photo_id) AND status = 'sealed')
BEGIN SELECT RAISE(ABORT, 'SEALED: this photo is sealed; its annotations are read-only until it is unsealed'); END;
CREATE TRIGGER sealed_meta_insert BEFORE INSERT ON photo_meta
  WHEN EXISTS (SELECT 1 FROM photo_review WHERE photo_id = new.photo_id AND status = 'sealed')
BEGIN SELECT RAISE(ABORT, 'SEALED: this photo is sealed; its annotations are read-only until it is unsealed'); END;
CREATE TRIGGER sealed_meta_update BEFORE UPDATE ON photo_meta
  WHEN EXISTS (SELECT 1 FROM photo_review WHERE photo_id IN (old.photo_id, new.photo_id) AND status = 'sealed')
BEGIN SELECT RAISE(ABORT, 'SEALED: this photo is sealed; its annotations are read-only until it is unsealed'); END;
CREATE TRIGGER sealed_meta_delete BEFORE DELETE ON photo_meta
  WHEN EXISTS (SELECT 1 FROM photo_review WHERE photo_id = old.photo_id AND status = 'sealed')
BEGIN SELECT RAISE(ABORT, 'SEALED: this photo is sealed; its annotations are read-only until it is unsealed'); END;
CREATE TRIGGER sealed_regions_insert BEFORE INSERT ON regions
  WHEN EXISTS (SELECT 1 FROM photo_review WHERE photo_id = new.photo_id AND status = 'sealed')
BEGIN SELECT RAISE(ABORT, 'SEALED: this photo is sealed; its annotations are read-only until it is unsealed'); END;
CREATE TRIGGER sealed_regions_update BEFORE UPDATE ON regions
  WHEN EXISTS (SELECT 1 FROM photo_review WHERE photo_id IN (old.photo_id, new.photo_id) AND status = 'sealed')
BEGIN SELECT RAISE(ABORT, 'SEALED: this photo is sealed; its annotations are read-only until it is unsealed'); END;
CREATE TRIGGER sealed_regions_delete BEFORE DELETE ON regions
  WHEN EXISTS (SELECT 1 FROM photo_review WHERE photo_id = old.photo_id AND status = 'sealed')
BEGIN SELECT RAISE(ABORT, 'SEALED: this photo is sealed; its annotations are read-only until it is unsealed'); END;
CREATE TRIGGER sealed_damage_insert BEFORE INSERT ON region_damage
  WHEN EXISTS (SELECT 1 FROM regions r JOIN photo_review v ON v.photo_id = r.photo_id WHERE r.id = new.region_id AND v.status = 'sealed')
BEGIN SELECT RAISE(ABORT, 'SEALED: this photo is sealed; its annotations are read-only until it is unsealed'); END;
CREATE TRIGGER sealed_damage_delete BEFORE DELETE ON region_damage
  WHEN EXISTS (SELECT 1 FROM regions r JOIN photo_review v ON v.photo_id = r.photo_id WHERE r.id = old.region_id AND v.status = 'sealed')
BEGIN SELECT RAISE(ABORT, 'SEALED: this photo is sealed; its annotations are read-only until it is unsealed'); END;

-- Existing photos get their status facts ("new") at the next search.
INSERT INTO search_dirty (photo_id) SELECT id FROM photos WHERE id NOT IN (SELECT photo_id FROM search_dirty);
