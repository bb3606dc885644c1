// An archive folder: the catalogue database plus derived files and (optionally) copied originals.
import fs from 'node:fs';
import path from 'node:path';
import { openDatabase, openDatabaseReadOnly, schemaVersion, type Db } from './db';
import { useExifTool } from './exiftool';
import { endHeifDecoders } from './heif';
import { acquireWriterLock, type LockKind, type WriterLock } from './lock';
import { syncSearchIndex } from './search/index-sync';
import { removeStaleTemporaries } from './temporaries';
import { seedVocabulary } from './vocabulary';

export const ARCHIVE_LAYOUT = {
  catalog: 'catalog.sqlite',
  thumbs: 'thumbs',
  previews: 'previews',
  originals: 'originals',
} as const;

export interface Archive {
  readonly dir: string;
  readonly db: Db;
  /** Opened for reading only (no writer lock; the catalogue refuses writes). */
  readonly readOnly?: boolean;
  close(): void;
}

export interface OpenArchiveOptions {
  /**
   * Open for reading only: no lock is taken, nothing in the folder is created or tidied, and the
   * catalogue is opened read-only, so it works beside the one writer (list, show, search, verify, export).
   */
  readOnly?: boolean;
  /** Who writes, for the lock file (default: a CLI-like process named by its command line). */
  holder?: { kind: LockKind; command: string };
  /**
   * 'background': the caller sweeps stale temporaries itself after opening (sweepStaleTemporaries),
   * so a large archive opens without first listing every derived file (the app and browser host).
   * Default: swept here, before the catalogue opens.
   */
  sweep?: 'now' | 'background';
}

function defaultHolder(): { kind: LockKind; command: string } {
  return { kind: 'cli', command: process.argv.slice(1).map((a) => path.basename(a)).join(' ').slice(0, 200) };
}

/** Opens an archive folder; a writer takes the archive's lock first (ArchiveLockedError if another process holds it). */
export function openArchive(dir: string, options: OpenArchiveOptions = {}): Archive {
  const root = path.resolve(dir);
  if (options.readOnly) {
    const db = openDatabaseReadOnly(path.join(root, ARCHIVE_LAYOUT.catalog));
    return { dir: root, db, readOnly: true, close: () => db.close() };
  }
  fs.mkdirSync(root, { recursive: true });
  const lock: WriterLock = acquireWriterLock(root, options.holder ?? defaultHolder());
  let db: Db;
  try {
    for (const sub of [ARCHIVE_LAYOUT.thumbs, ARCHIVE_LAYOUT.previews, ARCHIVE_LAYOUT.originals]) {
      fs.mkdirSync(path.join(root, sub), { recursive: true });
    }
    if (options.sweep !== 'background') removeStaleTemporaries(root);
    db = openDatabase(path.join(root, ARCHIVE_LAYOUT.catalog));
    seedVocabulary(db);
    // An import whose process died never finished; say so rather than "running" forever.
    db.prepare("UPDATE imports SET state = 'interrupted' WHERE state = 'running' AND finished_at IS NULL").run();
  } catch (err) {
    lock.release();
    throw err;
  }
  // ExifTool processes and HEIF decoder threads are shared; they end when the last archive closes.
  const release = useExifTool();
  return {
    dir: root,
    db,
    close: () => {
      try {
        // Leave the search index current for readers that cannot update it (read-only commands).
        try {
          syncSearchIndex(db);
        } catch {
          // A damaged catalogue still closes.
        }
        db.close();
      } finally {
        lock.release();
        void release().then((last) => (last ? endHeifDecoders() : undefined));
      }
    },
  };
}

export function archiveSchemaVersion(archive: Archive): number {
  return schemaVersion(archive.db);
}

/**
 * Grid thumbnails are WebP (small, hundreds on screen); viewer previews are JPEG, which libjpeg-turbo
 * encodes ~8x faster than libwebp at 2048 px for ~15% more bytes (README "Formats").
 */
const DERIVED_EXT = { thumbs: 'webp', previews: 'jpg' } as const;

/** Derived image files are named by the original's hash, fanned out by its first two hex digits. */
export function derivedPath(archiveDir: string, kind: 'thumbs' | 'previews', sha256: string): string {
  return path.join(archiveDir, kind, sha256.slice(0, 2), `${sha256}.${DERIVED_EXT[kind]}`);
}

/**
 * The derived file to read: the current one, else a preview an older version wrote as WebP (archives
 * from before previews were JPEG keep showing theirs; nothing is re-rendered for it).
 */
export function existingDerivedPath(archiveDir: string, kind: 'thumbs' | 'previews', sha256: string): string {
  const current = derivedPath(archiveDir, kind, sha256);
  if (kind !== 'previews' || fs.existsSync(current)) return current;
  const legacy = path.join(archiveDir, kind, sha256.slice(0, 2), `${sha256}.webp`);
  return fs.existsSync(legacy) ? legacy : current;
}

/** The file that holds a photo's original bytes: the archive's copy, or the referenced file. */
export function originalFile(archiveDir: string, row: { source_path: string; stored_path: string | null }): string {
  return row.stored_path ? path.join(archiveDir, row.stored_path) : row.source_path;
}

export function originalCopyRelPath(sha256: string, ext: string): string {
  return path.join(ARCHIVE_LAYOUT.originals, sha256.slice(0, 2), `${sha256}${ext.toLowerCase()}`);
}
