-- Originals that have gone from where the archive last found them: flagged, never deleted, until
-- relinked (by hash) or back in place.
ALTER TABLE photos ADD COLUMN missing_since TEXT;
