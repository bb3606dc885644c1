// The hash chain over the append-only history: what makes a rewritten, removed or slipped-in
// history entry detectable.
//
// Sealing happens in SQLite, not in the code paths that write history: every connection the app
// opens (openDatabase) registers the SQL function `history_link` and creates a TEMP trigger
// AFTER INSERT ON history that writes the entry's link into history_chain. So an insert from any
// code path (edits, notes, bag import, a module another engineer adds tomorrow with its own INSERT)
// is chained in the same statement and the same transaction, and a rolled-back insert leaves no
// link. A TEMP trigger (rather than one stored in the schema) is used because the function it calls
// exists only in this process: a stored trigger would make the catalogue unwritable to the sqlite3
// shell and other tools, and an insert made there (with no link) is exactly what verify should
// report, not prevent.
//
// Canonical form of an entry (version 1), hashed with SHA-256 over its UTF-8 bytes:
//   JSON.stringify(["damage-archive-history/1", prev_hash, id, change_set, at, actor, action,
//                   description, photo_id, entity_id, old_json, new_json, undoes])
// i.e. a JSON array with no whitespace, strings as JSON strings (old_json/new_json are the stored
// text, not re-parsed), integers as integers, NULL as null. prev_hash is the previous entry's
// entry_hash (by id), or 64 zeros for the first entry. Python: json.dumps(arr, ensure_ascii=False,
// separators=(",", ":")) gives the same bytes.
import { createHash } from 'node:crypto';
import type { Db } from '../db';

export const CHAIN_FORMAT = 'damage-archive-history/1';
export const GENESIS_HASH = '0'.repeat(64);

export interface HistoryRowForChain {
  id: number;
  change_set: number;
  at: string;
  actor: string;
  action: string;
  description: string;
  photo_id: number | null;
  entity_id: number | null;
  old_json: string | null;
  new_json: string | null;
  undoes: number | null;
}

export function canonicalEntry(prevHash: string, r: HistoryRowForChain): string {
  return JSON.stringify([
    CHAIN_FORMAT,
    prevHash,
    r.id,
    r.change_set,
    r.at,
    r.actor,
    r.action,
    r.description,
    r.photo_id,
    r.entity_id,
    r.old_json,
    r.new_json,
    r.undoes,
  ]);
}

export function entryHash(prevHash: string, r: HistoryRowForChain): string {
  return createHash('sha256').update(canonicalEntry(prevHash, r), 'utf8').digest('hex');
}

const COLUMNS = 'id, change_set, at, actor, action, description, photo_id, entity_id, old_json, new_json, undoes';

/** True once the schema has the chain table (migration 0011). */
export function hasChain(db: Db): boolean {
  return !!db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'history_chain'").get();
}

/**
 * Registers history_link() and the TEMP trigger on this connection. Idempotent. The trigger reads
 * the last link inside the inserting statement, which holds SQLite's write lock, so two processes
 * writing the same catalogue still produce one unbroken chain.
 */
export function installHistoryChain(db: Db): void {
  db.function('history_link', { deterministic: true, varargs: false }, (prev, id, cs, at, actor, action, description, photoId, entityId, oldJson, newJson, undoes) =>
    entryHash(typeof prev === 'string' ? prev : GENESIS_HASH, {
      id: Number(id),
      change_set: Number(cs),
      at: String(at),
      actor: String(actor),
      action: String(action),
      description: String(description),
      photo_id: photoId === null ? null : Number(photoId),
      entity_id: entityId === null ? null : Number(entityId),
      old_json: oldJson === null ? null : String(oldJson),
      new_json: newJson === null ? null : String(newJson),
      undoes: undoes === null ? null : Number(undoes),
    }),
  );
  db.exec(`CREATE TEMP TRIGGER IF NOT EXISTS history_chain_seal AFTER INSERT ON main.history BEGIN
    INSERT INTO main.history_chain (history_id, prev_hash, entry_hash)
    SELECT NEW.id, p.h, history_link(p.h, NEW.id, NEW.change_set, NEW.at, NEW.actor, NEW.action, NEW.description,
                                     NEW.photo_id, NEW.entity_id, NEW.old_json, NEW.new_json, NEW.undoes)
    FROM (SELECT coalesce((SELECT entry_hash FROM main.history_chain ORDER BY history_id DESC LIMIT 1), '${GENESIS_HASH}') AS h) p;
  END`);
}

/** Chains the entries an archive had before the chain existed (run once, by the migration). */
export function sealExistingHistory(db: Db): number {
  const last = db.prepare('SELECT history_id, entry_hash FROM history_chain ORDER BY history_id DESC LIMIT 1').get() as
    | { history_id: number; entry_hash: string }
    | undefined;
  let prev = last?.entry_hash ?? GENESIS_HASH;
  const insert = db.prepare('INSERT INTO history_chain (history_id, prev_hash, entry_hash) VALUES (?, ?, ?)');
  let n = 0;
  for (const r of db.prepare(`SELECT ${COLUMNS} FROM history WHERE id > ? ORDER BY id`).all(last?.history_id ?? 0) as HistoryRowForChain[]) {
    const h = entryHash(prev, r);
    insert.run(r.id, prev, h);
    prev = h;
    n++;
  }
  return n;
}

export interface ChainHead {
  /** Id of the last chained history entry (null: empty history). */
  historyId: number | null;
  /** Its entry_hash: the value a recipient compares (64 zeros for an empty history). */
  hash: string;
  entries: number;
  format: typeof CHAIN_FORMAT;
}

export function chainHead(db: Db): ChainHead {
  const last = db.prepare('SELECT history_id, entry_hash FROM history_chain ORDER BY history_id DESC LIMIT 1').get() as
    | { history_id: number; entry_hash: string }
    | undefined;
  const { n } = db.prepare('SELECT count(*) AS n FROM history_chain').get() as { n: number };
  return { historyId: last?.history_id ?? null, hash: last?.entry_hash ?? GENESIS_HASH, entries: n, format: CHAIN_FORMAT };
}

export interface ChainProblem {
  /** The history entry that does not fit (for a removed entry: the id its link names). */
  historyId: number;
  problem: 'altered' | 'unsealed' | 'removed' | 'relinked';
  detail: string;
}

export interface ChainReport {
  ok: boolean;
  entries: number;
  head: ChainHead;
  /** The first entry that does not fit, or null. */
  firstBad: ChainProblem | null;
}

/**
 * Recomputes every link from the first entry on and stops at the first one that does not fit:
 * an entry whose content changed ('altered'), an entry with no link (inserted without the app:
 * 'unsealed'), a link whose entry is gone ('removed'), or a link whose predecessor does not match
 * ('relinked': links rewritten or reordered).
 */
export function verifyChain(db: Db): ChainReport {
  const head = chainHead(db);
  const rows = db
    .prepare(
      `SELECT h.id AS k, h.id AS hid, c.history_id AS cid, c.prev_hash, c.entry_hash, ${COLUMNS.split(', ').map((c) => `h.${c}`).join(', ')}
       FROM history h LEFT JOIN history_chain c ON c.history_id = h.id
       UNION ALL
       SELECT c.history_id, NULL, c.history_id, c.prev_hash, c.entry_hash, ${COLUMNS.split(', ').map(() => 'NULL').join(', ')}
       FROM history_chain c WHERE NOT EXISTS (SELECT 1 FROM history h WHERE h.id = c.history_id)
       ORDER BY k`,
    )
    .iterate() as IterableIterator<HistoryRowForChain & { hid: number | null; cid: number | null; prev_hash: string | null; entry_hash: string | null }>;
  let prev = GENESIS_HASH;
  let entries = 0;
  let firstBad: ChainProblem | null = null;
  const fail = (p: ChainProblem) => (firstBad = p);
  for (const r of rows) {
    if (r.hid === null) {
      fail({ historyId: r.cid!, problem: 'removed', detail: `History entry ${r.cid} has been removed (its link is still in the chain).` });
      break;
    }
    if (r.cid === null) {
      fail({ historyId: r.hid, problem: 'unsealed', detail: `History entry ${r.hid} was added outside the app: it has no link in the chain.` });
      break;
    }
    if (r.prev_hash !== prev) {
      fail({ historyId: r.hid, problem: 'relinked', detail: `History entry ${r.hid} does not follow the entry before it (links rewritten, or an entry before it removed).` });
      break;
    }
    const h = entryHash(prev, { ...r, id: r.hid });
    if (h !== r.entry_hash) {
      fail({ historyId: r.hid, problem: 'altered', detail: `History entry ${r.hid} has been changed since it was written (its hash is now ${h}, its link says ${r.entry_hash}).` });
      break;
    }
    prev = h;
    entries++;
  }
  return { ok: firstBad === null, entries, head, firstBad };
}
