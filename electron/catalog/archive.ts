// An archive folder: the catalogue database plus derived files and (optionally) copied originals.
import fs from 'node:fs';
import path from 'node:path';
import { openDatabase, schemaVersion, type Db } from './db';
import { useExifTool } from './exiftool';
import { endHeifDecoders } from './heif';
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
  close(): void;
}

export function openArchive(dir: string): Archive {
  const root = path.resolve(dir);
  fs.mkdirSync(root, { recursive: true });
  for (const sub of [ARCHIVE_LAYOUT.thumbs, ARCHIVE_LAYOUT.previews, ARCHIVE_LAYOUT.originals]) {
    fs.mkdirSync(path.join(root, sub), { recursive: true });
  }
  removeStaleTemporaries(root);
  const db = openDatabase(path.join(root, ARCHIVE_LAYOUT.catalog));
  seedVocabulary(db);
  // An import whose process died never finished; say so rather than "running" forever.
  db.prepare("UPDATE imports SET state = 'interrupted' WHERE state = 'running' AND finished_at IS NULL").run();
  // ExifTool processes and HEIF decoder threads are shared; they end when the last archive closes.
  const release = useExifTool();
  return {
    dir: root,
    db,
    close: () => {
      db.close();
      void release().then((last) => (last ? endHeifDecoders() : undefined));
    },
  };
}

export function archiveSchemaVersion(archive: Archive): number {
  return schemaVersion(archive.db);
}

/** Derived image files are named by the original's hash, fanned out by its first two hex digits. */
export function derivedPath(archiveDir: string, kind: 'thumbs' | 'previews', sha256: string): string {
  return path.join(archiveDir, kind, sha256.slice(0, 2), `${sha256}.webp`);
}

/** The file that holds a photo's original bytes: the archive's copy, or the referenced file. */
export function originalFile(archiveDir: string, row: { source_path: string; stored_path: string | null }): string {
  return row.stored_path ? path.join(archiveDir, row.stored_path) : row.source_path;
}

export function originalCopyRelPath(sha256: string, ext: string): string {
  return path.join(ARCHIVE_LAYOUT.originals, sha256.slice(0, 2), `${sha256}${ext.toLowerCase()}`);
}
