// Schema migrations: applied once each, in order, in a transaction, with the version recorded.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrate, openDatabase, readMigrations, schemaVersion } from '../../electron/catalog/db';
import { tempDir } from '../helpers/fixtures';

describe('catalogue database', () => {
  it('creates the schema in WAL mode and records each migration', () => {
    const file = path.join(tempDir(), 'catalog.sqlite');
    const db = openDatabase(file);
    const migrations = readMigrations();
    expect(migrations.length).toBeGreaterThan(0);
    expect(schemaVersion(db)).toBe(migrations.at(-1)!.version);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    const applied = db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all();
    expect(applied).toEqual(migrations.map((m) => ({ version: m.version, name: m.name })));
    db.close();
    // Reopening applies nothing twice.
    const again = openDatabase(file);
    expect(again.prepare('SELECT count(*) AS n FROM schema_migrations').get()).toEqual({ n: migrations.length });
    again.close();
  });

  it('rolls back a failing migration entirely', () => {
    const db = openDatabase(path.join(tempDir(), 'catalog.sqlite'));
    const before = schemaVersion(db);
    const bad = { version: before + 1, name: `${before + 1}_bad.sql`, sql: 'CREATE TABLE half_done (x); INSERT INTO no_such_table VALUES (1);' };
    expect(() => migrate(db, [...readMigrations(), bad])).toThrow(/no such table/);
    expect(schemaVersion(db)).toBe(before);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'half_done'").get()).toBeUndefined();
    db.close();
  });

  it('refuses an archive written by a newer version', () => {
    const file = path.join(tempDir(), 'catalog.sqlite');
    const db = openDatabase(file);
    db.pragma('user_version = 999');
    db.close();
    expect(() => openDatabase(file)).toThrow(/newer version of the app/);
  });

  it('names migration files by number', () => {
    const dir = path.resolve('electron/catalog/migrations');
    for (const f of fs.readdirSync(dir)) expect(f).toMatch(/^\d{4}_[\w-]+\.sql$/);
  });
});
