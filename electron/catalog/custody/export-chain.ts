// What an export carries of the chain: the head of the whole archive's chain at export time (which a
// recipient can compare with a time-stamp token or with the sender's word), and for each exported
// history entry its link and exact canonical form, so each entry can be re-hashed on its own even
// though the export holds only part of the history.
import { z } from 'zod';
import type { Db } from '../db';
import { CHAIN_FORMAT, canonicalEntry, chainHead, type HistoryRowForChain } from './chain';

export const ExportedLink = z.object({
  historyId: z.number().int(),
  prevHash: z.string(),
  entryHash: z.string(),
  /** The exact string whose SHA-256 (UTF-8) is entryHash; see the README's "History chain". */
  canonical: z.string(),
});

export const ExportCustody = z.object({
  chainFormat: z.literal(CHAIN_FORMAT),
  chainHead: z.object({ historyId: z.number().int().nullable(), hash: z.string(), entries: z.number().int() }),
  links: z.array(ExportedLink),
});
export type ExportCustody = z.infer<typeof ExportCustody>;

export function exportCustody(db: Db, historyIds: number[]): ExportCustody {
  const head = chainHead(db);
  const rows = db
    .prepare(
      `SELECT h.id, h.change_set, h.at, h.actor, h.action, h.description, h.photo_id, h.entity_id, h.old_json, h.new_json, h.undoes,
              c.prev_hash, c.entry_hash
       FROM history h JOIN history_chain c ON c.history_id = h.id
       WHERE h.id IN (SELECT value FROM json_each(?)) ORDER BY h.id`,
    )
    .all(JSON.stringify(historyIds)) as Array<HistoryRowForChain & { prev_hash: string; entry_hash: string }>;
  return {
    chainFormat: CHAIN_FORMAT,
    chainHead: { historyId: head.historyId, hash: head.hash, entries: head.entries },
    links: rows.map((r) => ({ historyId: r.id, prevHash: r.prev_hash, entryHash: r.entry_hash, canonical: canonicalEntry(r.prev_hash, r) })),
  };
}
