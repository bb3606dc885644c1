-- Near-duplicates: perceptual hashes of each photo's upright picture (and of crops of it), the
-- pairs found within the match threshold, and the user's recorded decisions about pairs.

-- hashes: 16-hex-digit pHashes separated by commas, the whole picture first, then the crops
-- (electron/catalog/similar/phash.ts says which); algorithm names how they were made.
CREATE TABLE photo_phash (
  photo_id INTEGER PRIMARY KEY REFERENCES photos(id) ON DELETE CASCADE,
  algorithm TEXT NOT NULL,
  hashes TEXT NOT NULL,
  computed_at TEXT NOT NULL
);

-- Found when the later of the two photos is hashed; a < b.
CREATE TABLE similar_pairs (
  a INTEGER NOT NULL REFERENCES photos(id) ON DELETE CASCADE,
  b INTEGER NOT NULL REFERENCES photos(id) ON DELETE CASCADE,
  distance INTEGER NOT NULL,
  PRIMARY KEY (a, b),
  CHECK (a < b)
) WITHOUT ROWID;
CREATE INDEX similar_pairs_b ON similar_pairs(b);

-- "Same image" / "not the same": a person's decision (who and when are in the history, where it is
-- an undoable edit like any other); a < b.
CREATE TABLE similar_decisions (
  a INTEGER NOT NULL REFERENCES photos(id) ON DELETE CASCADE,
  b INTEGER NOT NULL REFERENCES photos(id) ON DELETE CASCADE,
  verdict TEXT NOT NULL CHECK (verdict IN ('same', 'different')),
  PRIMARY KEY (a, b),
  CHECK (a < b)
) WITHOUT ROWID;

-- The "near-duplicates" flag is a facet fact: queue both photos of a pair when it or its decision changes.
CREATE TRIGGER search_similar_insert AFTER INSERT ON similar_pairs BEGIN
  INSERT INTO search_dirty (photo_id) SELECT NEW.a WHERE NOT EXISTS (SELECT 1 FROM search_dirty WHERE photo_id = NEW.a);
  INSERT INTO search_dirty (photo_id) SELECT NEW.b WHERE NOT EXISTS (SELECT 1 FROM search_dirty WHERE photo_id = NEW.b);
END;
CREATE TRIGGER search_similar_decision_insert AFTER INSERT ON similar_decisions BEGIN
  INSERT INTO search_dirty (photo_id) SELECT NEW.a WHERE NOT EXISTS (SELECT 1 FROM search_dirty WHERE photo_id = NEW.a);
  INSERT INTO search_dirty (photo_id) SELECT NEW.b WHERE NOT EXISTS (SELECT 1 FROM search_dirty WHERE photo_id = NEW.b);
END;
CREATE TRIGGER search_similar_decision_update AFTER UPDATE ON similar_decisions BEGIN
  INSERT INTO search_dirty (photo_id) SELECT NEW.a WHERE NOT EXISTS (SELECT 1 FROM search_dirty WHERE photo_id = NEW.a);
  INSERT INTO search_dirty (photo_id) SELECT NEW.b WHERE NOT EXISTS (SELECT 1 FROM search_dirty WHERE photo_id = NEW.b);
END;
CREATE TRIGGER search_similar_decision_delete AFTER DELETE ON similar_decisions BEGIN
  INSERT INTO search_dirty (photo_id) SELECT OLD.a WHERE NOT EXISTS (SELECT 1 FROM search_dirty WHERE photo_id = OLD.a);
  INSERT INTO search_dirty (photo_id) SELECT OLD.b WHERE NOT EXISTS (SELECT 1 FROM search_dirty WHERE photo_id = OLD.b);
END;
