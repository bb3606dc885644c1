-- Annotation: the archive's vocabulary, photo tags, regions, descriptive metadata and an
-- append-only history of every change.
CREATE TABLE terms (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('class', 'damage', 'tag')),
  key TEXT NOT NULL,
  label TEXT NOT NULL,
  parent_id INTEGER REFERENCES terms(id),
  colour TEXT,
  shortcut TEXT,
  hidden INTEGER NOT NULL DEFAULT 0,
  merged_into INTEGER REFERENCES terms(id),
  sort INTEGER NOT NULL DEFAULT 0,
  UNIQUE (kind, key)
);

CREATE TABLE photo_tags (
  photo_id INTEGER NOT NULL REFERENCES photos(id) ON DELETE CASCADE,
  term_id INTEGER NOT NULL REFERENCES terms(id),
  PRIMARY KEY (photo_id, term_id)
) WITHOUT ROWID;
CREATE INDEX photo_tags_term ON photo_tags(term_id);

CREATE TABLE regions (
  id INTEGER PRIMARY KEY,
  photo_id INTEGER NOT NULL REFERENCES photos(id) ON DELETE CASCADE,
  geometry TEXT NOT NULL,             -- JSON, normalized to the displayed (auto-oriented) image
  class_id INTEGER REFERENCES terms(id),
  severity TEXT CHECK (severity IN ('0', '1', '2', '3', '4', 'na')),
  confidence TEXT CHECK (confidence IN ('certain', 'possible')),
  note TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX regions_photo ON regions(photo_id);

CREATE TABLE region_damage (
  region_id INTEGER NOT NULL REFERENCES regions(id) ON DELETE CASCADE,
  term_id INTEGER NOT NULL REFERENCES terms(id),
  PRIMARY KEY (region_id, term_id)
) WITHOUT ROWID;

-- User-entered descriptive metadata, one row per photo and field (values from the file stay in photos.file_*).
CREATE TABLE photo_meta (
  photo_id INTEGER NOT NULL REFERENCES photos(id) ON DELETE CASCADE,
  field TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (photo_id, field)
) WITHOUT ROWID;

-- Append-only: rows are only ever inserted. A change set groups the rows of one user action
-- (a batch edit is one change set); undo and redo are change sets of their own.
CREATE TABLE history (
  id INTEGER PRIMARY KEY,
  change_set INTEGER NOT NULL,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  description TEXT NOT NULL,
  photo_id INTEGER,
  entity_id INTEGER,
  old_json TEXT,
  new_json TEXT,
  undoes INTEGER                       -- for undo/redo rows: the change set they reverse
);
CREATE INDEX history_photo ON history(photo_id, id);
CREATE INDEX history_change_set ON history(change_set);
CREATE TRIGGER history_append_only_update BEFORE UPDATE ON history BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;
CREATE TRIGGER history_append_only_delete BEFORE DELETE ON history BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;
