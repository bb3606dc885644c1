-- Initial catalogue: photos (one row per source file found), their raw tag dump, duplicates, import runs.
CREATE TABLE imports (
  id INTEGER PRIMARY KEY,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  mode TEXT NOT NULL CHECK (mode IN ('copy', 'reference')),
  roots_json TEXT NOT NULL,
  state TEXT NOT NULL,
  total INTEGER NOT NULL DEFAULT 0,
  imported INTEGER NOT NULL DEFAULT 0,
  duplicates INTEGER NOT NULL DEFAULT 0,
  failed INTEGER NOT NULL DEFAULT 0,
  skipped INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE photos (
  id INTEGER PRIMARY KEY,
  source_path TEXT NOT NULL UNIQUE,   -- absolute path where the file was found
  stored_path TEXT,                   -- relative to the archive when copied into originals/, else NULL
  file_name TEXT NOT NULL,
  sha256 TEXT,
  size INTEGER NOT NULL,
  mtime_ms INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('ok', 'no-preview', 'error')),
  error TEXT,
  format TEXT,
  width INTEGER,                      -- as displayed, after EXIF orientation
  height INTEGER,
  orientation INTEGER,
  has_thumb INTEGER NOT NULL DEFAULT 0,
  has_preview INTEGER NOT NULL DEFAULT 0,
  taken_at TEXT,                      -- exactly as in the file
  taken_at_subsec TEXT,
  taken_at_offset TEXT,
  taken_at_source TEXT,
  taken_at_utc TEXT,
  taken_sort TEXT,                    -- ISO-like local time for ordering
  make TEXT, model TEXT, lens TEXT, body_serial TEXT, lens_serial TEXT, software TEXT, image_unique_id TEXT,
  gps_lat REAL, gps_lon REAL, gps_alt REAL, gps_time TEXT, gps_direction REAL,
  file_title TEXT, file_caption TEXT, file_creator TEXT, file_credit TEXT, file_copyright TEXT,
  file_keywords TEXT NOT NULL DEFAULT '[]',
  imported_at TEXT NOT NULL,
  import_id INTEGER REFERENCES imports(id)
);
-- The same bytes are one photo; failed files may share a hash with nothing.
CREATE UNIQUE INDEX photos_sha256 ON photos(sha256) WHERE status <> 'error';
CREATE INDEX photos_grid_order ON photos(taken_sort, file_name, id);

CREATE TABLE photo_tags_dump (
  photo_id INTEGER PRIMARY KEY REFERENCES photos(id) ON DELETE CASCADE,
  json TEXT NOT NULL
);

CREATE TABLE duplicates (
  id INTEGER PRIMARY KEY,
  source_path TEXT NOT NULL UNIQUE,
  sha256 TEXT NOT NULL,
  photo_id INTEGER NOT NULL REFERENCES photos(id) ON DELETE CASCADE,
  found_at TEXT NOT NULL
);

CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
