// Opening the catalogue database and bringing its schema up to date.
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { hasChain, installHistoryChain, sealExistingHistory } from './custody/chain';

export type Db = Database.Database;

/** Numbered SQL files, e.g. 0001_initial.sql; bundlers copy this folder beside the built entry. */
export const defaultMigrationsDir = fileURLToPath(new URL('./migrations/', import.meta.url));

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export function readMigrations(dir = defaultMigrationsDir): Migration[] {
  return fs
    .readdirSync(dir)
    .filter((f) => /^\d{4}_[\w-]+\.sql$/.test(f))
    .sort()
    .map((f) => ({ version: Number(f.slice(0, 4)), name: f, sql: fs.readFileSync(path.join(dir, f), 'utf8') }));
}

export function openDatabase(file: string, migrations = readMigrations()): Db {
  const db = new Database(file);
  // WAL: readers never block the importer's writes; NORMAL sync is durable at each checkpoint and
  // never corrupts, which is what better-sqlite3's docs recommend with WAL.
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db, migrations);
  return db;
}

/** Opens an existing catalogue for reading only (beside the writer that holds the archive's lock). */
export function openDatabaseReadOnly(file: string, migrations = readMigrations()): Db {
  if (!fs.existsSync(file)) throw new Error(`${path.dirname(file)} is not an archive (it has no ${path.basename(file)}).`);
  const db = new Database(file, { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  const current = schemaVersion(db);
  const latest = migrations.at(-1)?.version ?? 0;
  if (current !== latest) {
    db.close();
    throw new Error(
      current > latest
        ? `This archive was written by a newer version of the app (schema ${current}, this app knows ${latest}).`
        : `This archive's catalogue must be upgraded (schema ${current} to ${latest}) before it can be read: open it once for writing (the app, or any command that changes it).`,
    );
  }
  return db;
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Applies every migration newer than the recorded version, each in its own transaction. */
export function migrate(db: Db, migrations: Migration[]): number {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
  const current = schemaVersion(db);
  const latest = migrations.at(-1)?.version ?? 0;
  if (current > latest) {
    throw new Error(`This archive was written by a newer version of the app (schema ${current}, this app knows ${latest}).`);
  }
  // The history chain's trigger goes on before any later migration can insert history.
  let chained = hasChain(db);
  if (chained) installHistoryChain(db);
  for (const m of migrations) {
    if (m.version <= current) continue;
    db.transaction(() => {
      db.exec(m.sql);
      if (!chained && hasChain(db)) {
        sealExistingHistory(db);
        installHistoryChain(db);
        chained = true;
      }
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
        m.version,
        m.name,
        new Date().toISOString(),
      );
      db.pragma(`user_version = ${m.version}`);
    })();
  }
  return schemaVersion(db);
}
