-- Camera clock correction (electron/catalog/clock.ts). The offset is cumulative and relative to the
-- time the file states: taken_at (and taken_at_subsec, taken_at_offset, taken_at_utc) stay exactly as
-- read from the file, while taken_sort (grid order, the search index's day, exports' order) holds
-- the corrected local time. NULL: no correction. Who set it and when, for the photo view.
ALTER TABLE photos ADD COLUMN clock_offset_s INTEGER;
ALTER TABLE photos ADD COLUMN clock_set_by TEXT;
ALTER TABLE photos ADD COLUMN clock_set_at TEXT;
