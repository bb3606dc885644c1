-- Chain of custody.
--
-- history_chain: one link per history entry, in id order. entry_hash is the SHA-256 of the entry's
-- canonical form (see electron/catalog/custody/chain.ts and the README), which includes prev_hash,
-- the entry_hash of the entry before it, so changing, removing or slipping in any entry breaks every
-- link after it. Links are written by a TEMP trigger that every connection the app opens installs
-- (AFTER INSERT ON history), so no code path that inserts history can forget them. Entries already
-- in the archive are chained, in order, when this migration runs.
CREATE TABLE history_chain (
  history_id INTEGER PRIMARY KEY,
  prev_hash TEXT NOT NULL,
  entry_hash TEXT NOT NULL
);
CREATE TRIGGER history_chain_append_only_update BEFORE UPDATE ON history_chain BEGIN SELECT RAISE(ABORT, 'history_chain is append-only'); END;
CREATE TRIGGER history_chain_append_only_delete BEFORE DELETE ON history_chain BEGIN SELECT RAISE(ABORT, 'history_chain is append-only'); END;

-- Withdrawal, not deletion: a withdrawn photo (or failed entry) leaves the grid, searches, facets and
-- exports; its row, annotations and history stay, and it can be reinstated. The withdrawal itself
-- is a history entry.
ALTER TABLE photos ADD COLUMN withdrawn_at TEXT;
ALTER TABLE photos ADD COLUMN withdrawn_reason TEXT;
CREATE INDEX photos_withdrawn ON photos(withdrawn_at) WHERE withdrawn_at IS NOT NULL;

-- RFC 3161 time-stamp tokens over the chain head (subject 'chain', history_id = the head entry) and
-- over bags' tag manifests (subject 'bag'). The token (DER) is kept as received.
CREATE TABLE timestamp_tokens (
  id INTEGER PRIMARY KEY,
  subject TEXT NOT NULL CHECK (subject IN ('chain', 'bag')),
  history_id INTEGER,
  label TEXT NOT NULL,
  digest_sha256 TEXT NOT NULL,
  tsa_url TEXT NOT NULL,
  gen_time TEXT NOT NULL,
  token BLOB NOT NULL,
  created_at TEXT NOT NULL
);

-- Withdrawing or reinstating a photo changes what the grid and searches list.
CREATE TRIGGER search_photos_withdrawn AFTER UPDATE OF withdrawn_at ON photos BEGIN
  INSERT INTO search_dirty (photo_id) SELECT new.id WHERE NOT EXISTS (SELECT 1 FROM search_dirty WHERE photo_id = new.id);
END;
