-- Files of every kind a field researcher brings (issue 11).
-- Videos are catalogued beside photos (hash, metadata, duration) and shown as video tiles.
ALTER TABLE photos ADD COLUMN media_kind TEXT NOT NULL DEFAULT 'image' CHECK (media_kind IN ('image', 'video'));
ALTER TABLE photos ADD COLUMN duration_s REAL;
-- A catalogued file that could only partly be read (e.g. corrupt image data mid-stream): what is wrong.
ALTER TABLE photos ADD COLUMN warning TEXT;
-- Files in an imported folder that are not images or videos (notes, PDFs, text named .dng): never
-- catalogued as photos, but listed by name with their size, hash and why, so nothing vanishes.
CREATE TABLE other_files (
  id INTEGER PRIMARY KEY,
  path TEXT NOT NULL UNIQUE,
  size INTEGER NOT NULL,
  sha256 TEXT,
  format TEXT NOT NULL,
  reason TEXT NOT NULL,
  found_at TEXT NOT NULL,
  import_id INTEGER REFERENCES imports(id)
);
