// Custody events: entries in the same append-only history as edits, one change set per action, one
// row per photo where the action concerns a photo (so a photo's own record shows where it came from
// and where it went). Like every history insert they are sealed into the chain by the TEMP trigger.
import type { Db } from '../db';

export interface CustodyEntry {
  action: string;
  description: string;
  photoId: number | null;
  details: unknown;
}

/** Appends the entries as one change set, in one transaction; returns the change set. */
export function recordCustody(db: Db, actor: string, entries: CustodyEntry[], at = new Date().toISOString()): number | null {
  if (entries.length === 0) return null;
  return db.transaction(() => {
    const cs = (db.prepare('SELECT coalesce(max(change_set), 0) + 1 AS n FROM history').get() as { n: number }).n;
    const insert = db.prepare(
      'INSERT INTO history (change_set, at, actor, action, description, photo_id, entity_id, old_json, new_json) VALUES (?, ?, ?, ?, ?, ?, NULL, NULL, ?)',
    );
    for (const e of entries) insert.run(cs, at, actor, e.action, e.description, e.photoId, JSON.stringify(e.details ?? null));
    return cs;
  })();
}

/**
 * Who the history names: the name the user gave (Settings, asked on first start). Never the OS
 * account name: that would leave the machine in every export.
 */
export const UNNAMED_ACTOR = 'unnamed user';

export function actorName(db: Db): string {
  const r = db.prepare("SELECT value FROM settings WHERE key = 'userName'").get() as { value: string } | undefined;
  const v = r?.value.trim();
  return v ? v : UNNAMED_ACTOR;
}

/** The relink entry's label: old and new place, and the hash that proves they are the same bytes. */
export function relinkDescription(db: Db, photoId: number, from: string, to: string): string {
  const r = db.prepare('SELECT sha256 FROM photos WHERE id = ?').get(photoId) as { sha256: string } | undefined;
  return `Relinked original: ${from} → ${to} (same SHA-256 ${r?.sha256 ?? 'unknown'})`;
}
