// Rotating backups of the catalogue with SQLite's online backup API (consistent while the archive
// is in use), and restoring one when the live catalogue is damaged.
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { ARCHIVE_LAYOUT } from './archive';
import type { Db } from './db';
import { NotFoundError } from './errors';
import { openDatabase } from './db';
import { chainHead } from './custody/chain';
import { actorName, recordCustody } from './custody/record';

export const BACKUPS_DIR = 'backups';
export const DEFAULT_BACKUP_KEEP = 10;
export const DEFAULT_BACKUP_EVERY_EDITS = 50;

export interface BackupInfo {
  name: string;
  createdAt: string;
  size: number;
}

const NAME = /^catalog-(\d{8}T\d{6}\d{3}Z)\.sqlite$/;

function stamp(d = new Date()): string {
  return d.toISOString().replace(/[-:.]/g, '');
}

export function listBackups(archiveDir: string): BackupInfo[] {
  const dir = path.join(archiveDir, BACKUPS_DIR);
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => NAME.test(f))
    .sort()
    .reverse()
    .map((name) => {
      const st = fs.statSync(path.join(dir, name));
      const s = NAME.exec(name)![1]!;
      const createdAt = `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}T${s.slice(9, 11)}:${s.slice(11, 13)}:${s.slice(13, 15)}.${s.slice(15, 18)}Z`;
      return { name, createdAt, size: st.size };
    });
}

/** Writes a consistent copy of the open catalogue, then keeps only the newest `keep` backups. */
export async function backupCatalog(db: Db, archiveDir: string, keep = DEFAULT_BACKUP_KEEP): Promise<BackupInfo> {
  const dir = path.join(archiveDir, BACKUPS_DIR);
  fs.mkdirSync(dir, { recursive: true });
  let name = `catalog-${stamp()}.sqlite`;
  while (fs.existsSync(path.join(dir, name))) name = `catalog-${stamp(new Date(Date.now() + 1))}.sqlite`;
  const partial = path.join(dir, `${name}.partial`);
  await db.backup(partial);
  fs.renameSync(partial, path.join(dir, name));
  if (db.open) {
    const head = chainHead(db);
    recordCustody(db, actorName(db), [
      { action: 'custody.backup', description: `Catalogue backed up to ${BACKUPS_DIR}/${name}`, photoId: null, details: { backup: name, chainHead: head.hash, chainEntries: head.entries } },
    ]);
  }
  // Unlinking a catalogue-sized file can take a while: not on the thread that answers the user.
  for (const old of listBackups(archiveDir).slice(Math.max(1, keep))) await fs.promises.rm(path.join(dir, old.name), { force: true });
  return listBackups(archiveDir).find((b) => b.name === name)!;
}

/**
 * Replaces the catalogue with a backup. The catalogue must be closed. The replaced file is kept
 * beside the backups (it may hold edits made after the backup, or be evidence of what went wrong).
 */
export function restoreBackup(archiveDir: string, name: string | null): { restored: string; setAside: string | null } {
  const backups = listBackups(archiveDir);
  const chosen = name === null ? backups[0] : backups.find((b) => b.name === name);
  if (!chosen) throw new NotFoundError(name === null ? 'This archive has no catalogue backups.' : `No backup named ${name}.`);
  const source = path.join(archiveDir, BACKUPS_DIR, chosen.name);
  // Refuse to restore a damaged backup over anything.
  const check = new Database(source, { readonly: true, fileMustExist: true });
  try {
    const result = check.pragma('integrity_check', { simple: true });
    if (result !== 'ok') throw new Error(`The backup ${chosen.name} is damaged too (${String(result)}); choose another.`);
  } finally {
    check.close();
  }
  const live = path.join(archiveDir, ARCHIVE_LAYOUT.catalog);
  let setAside: string | null = null;
  if (fs.existsSync(live)) {
    setAside = path.join(archiveDir, BACKUPS_DIR, `replaced-${stamp()}.sqlite`);
    fs.renameSync(live, setAside);
    for (const suffix of ['-wal', '-shm']) {
      if (fs.existsSync(live + suffix)) fs.renameSync(live + suffix, setAside + suffix);
    }
  }
  fs.copyFileSync(source, `${live}.restoring`);
  fs.renameSync(`${live}.restoring`, live);
  // The restored catalogue's history says it was restored, and from what (its chain continues).
  const db = openDatabase(live);
  try {
    recordCustody(db, actorName(db), [
      {
        action: 'custody.restore',
        description: `Catalogue restored from backup ${chosen.name}${setAside ? `; the replaced catalogue is kept as ${path.basename(setAside)}` : ''}`,
        photoId: null,
        details: { backup: chosen.name, setAside: setAside ? path.basename(setAside) : null },
      },
    ]);
  } finally {
    db.close();
  }
  return { restored: chosen.name, setAside };
}
