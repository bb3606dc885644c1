-- Sites (a physical place: a building, a vehicle, a street) and incidents (an event with a date
-- range), and the photos and regions linked to them. Every change goes through the Editor (history,
-- undo), which writes these rows; uid travels in bags so the same site is recognised in another archive.

CREATE TABLE sites (
  id INTEGER PRIMARY KEY,
  uid TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('building', 'vehicle', 'street', 'other')),
  lat REAL CHECK (lat IS NULL OR lat BETWEEN -90 AND 90),
  lon REAL CHECK (lon IS NULL OR lon BETWEEN -180 AND 180),
  -- Metres, as Atlos gives a location's precision: 10, 100 or 1000 (null: not stated).
  precision_m INTEGER CHECK (precision_m IS NULL OR precision_m IN (10, 100, 1000)),
  notes TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  CHECK ((lat IS NULL) = (lon IS NULL))
);

CREATE TABLE incidents (
  id INTEGER PRIMARY KEY,
  uid TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  -- ISO dates: YYYY, YYYY-MM or YYYY-MM-DD (day precision allowed, not required).
  start_date TEXT,
  end_date TEXT,
  description TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE site_photos (
  site_id INTEGER NOT NULL REFERENCES sites(id),
  photo_id INTEGER NOT NULL REFERENCES photos(id) ON DELETE CASCADE,
  PRIMARY KEY (site_id, photo_id)
) WITHOUT ROWID;
CREATE INDEX site_photos_photo ON site_photos(photo_id);

CREATE TABLE incident_photos (
  incident_id INTEGER NOT NULL REFERENCES incidents(id),
  photo_id INTEGER NOT NULL REFERENCES photos(id) ON DELETE CASCADE,
  PRIMARY KEY (incident_id, photo_id)
) WITHOUT ROWID;
CREATE INDEX incident_photos_photo ON incident_photos(photo_id);

-- A region shows (part of) at most one site. No foreign key to regions: deleting a region and
-- undoing it brings it back under the same id (never reused), and its link with it.
CREATE TABLE site_regions (
  region_id INTEGER PRIMARY KEY,
  site_id INTEGER NOT NULL REFERENCES sites(id)
);
CREATE INDEX site_regions_site ON site_regions(site_id);
