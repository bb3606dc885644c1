-- The Camera filter lists brand and model as photo managers do ("Kodak DC240 Zoom", not
-- "EASTMAN KODAK COMPANY KODAK DC240 ZOOM DIGITAL CAMERA"; electron/catalog/camera-names.ts). The
-- facet values are derived, so every photo is queued for the index to rebuild on the next search.
INSERT INTO search_dirty (photo_id) SELECT id FROM photos WHERE id NOT IN (SELECT photo_id FROM search_dirty);
