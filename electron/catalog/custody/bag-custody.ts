// Custody for photos that arrived in a bag: which bag, who made it (Source-Organization) and when
// (Bagging-Date), and the history chain head the sending archive declared.
import fs from 'node:fs';
import path from 'node:path';
import { parseBagInfo } from '../bag/format';
import type { Db } from '../db';
import { actorName, recordCustody } from './record';

export function recordBagCustody(db: Db, bag: string, photoIds: number[], chainHead: string | null, actor = actorName(db)): void {
  let info: Array<{ label: string; value: string }> = [];
  try {
    info = parseBagInfo(fs.readFileSync(path.join(bag, 'bag-info.txt'), 'utf8')).elements;
  } catch {
    // A bag without bag-info.txt is valid; its custody entry says so by leaving the fields null.
  }
  const get = (label: string) => info.find((e) => e.label.toLowerCase() === label.toLowerCase())?.value ?? null;
  const details = {
    bag,
    baggingDate: get('Bagging-Date'),
    sourceOrganization: get('Source-Organization'),
    contactName: get('Contact-Name'),
    senderChainHead: chainHead,
  };
  const rows = db.prepare(`SELECT id, sha256 FROM photos WHERE id IN (SELECT value FROM json_each(?))`).all(JSON.stringify(photoIds)) as Array<{ id: number; sha256: string }>;
  recordCustody(
    db,
    actor,
    rows.map((r) => ({
      action: 'custody.bag-import',
      description: `Received in bag ${path.basename(bag)} (Bagging-Date ${details.baggingDate ?? 'not given'}, Source-Organization ${details.sourceOrganization ?? 'not given'})`,
      photoId: r.id,
      details: { ...details, sha256: r.sha256 },
    })),
  );
}
