// Resolving an image URL's opaque photo id to a derived file inside the archive (or, for the
// full-resolution kind, to the checked original), for both hosts; a preview or full-size rendition
// not rendered yet is made on demand.
import fs from 'node:fs';
import path from 'node:path';
import { MediaKind } from '../../shared/api';
import { existingDerivedPath, type Archive } from '../catalog/archive';
import { browserImageType, FULL_SIZE_FOLDER, fullSizeImage } from '../catalog/full-size';
import { DEFAULT_MAX_PIXELS } from '../catalog/importer';
import { makePreview } from '../catalog/previews';
import type { PhotoRow } from '../catalog/photos';

type MediaRow = Pick<
  PhotoRow,
  'id' | 'sha256' | 'status' | 'has_thumb' | 'has_preview' | 'source_path' | 'stored_path' | 'size' | 'mtime_ms' | 'format' | 'width' | 'height'
>;

/** Media URLs are fetched, never posted to. */
export const MEDIA_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD']);

/** The Content-Type a served media file gets, by extension (thumbnails WebP, previews JPEG or an older WebP). */
export function mediaContentType(file: string): string {
  return browserImageType(file) ?? 'application/octet-stream';
}

const rendering = new Map<string, Promise<void>>();

/** Returns the file to serve, or null for anything that is not exactly an existing photo's image. */
export async function resolveMedia(archive: Archive, kind: string, id: string): Promise<string | null> {
  const k = MediaKind.safeParse(kind);
  if (!k.success || !/^[1-9]\d{0,15}$/.test(id)) return null;
  const row = archive.db
    .prepare('SELECT id, sha256, status, has_thumb, has_preview, source_path, stored_path, size, mtime_ms, format, width, height FROM photos WHERE id = ?')
    .get(Number(id)) as MediaRow | undefined;
  if (!row?.sha256 || !/^[0-9a-f]{64}$/.test(row.sha256)) return null;
  if (k.data === 'full') {
    if (row.status !== 'ok') return null;
    const full = await fullSizeImage(archive, { ...row, sha256: row.sha256 }, DEFAULT_MAX_PIXELS);
    if (!full) return null;
    // The original itself was checked (catalogued path, size, time, hash); a rendition must be inside full/.
    return full.file.startsWith(path.join(archive.dir, FULL_SIZE_FOLDER) + path.sep) ? insideArchive(archive, full.file, FULL_SIZE_FOLDER) : full.file;
  }
  if (k.data === 'preview' && row.has_preview !== 1 && row.status === 'ok') {
    // One render per photo however many requests arrive while it runs.
    const key = `${archive.dir}:${row.id}`;
    let job = rendering.get(key);
    if (!job) {
      job = makePreview(archive, { ...row, sha256: row.sha256 }, DEFAULT_MAX_PIXELS).finally(() => rendering.delete(key));
      rendering.set(key, job);
    }
    try {
      await job;
    } catch {
      return null;
    }
  } else if ((k.data === 'thumb' ? row.has_thumb : row.has_preview) !== 1) {
    return null;
  }
  const folder = k.data === 'thumb' ? 'thumbs' : 'previews';
  return insideArchive(archive, existingDerivedPath(archive.dir, folder, row.sha256), folder);
}

function insideArchive(archive: Archive, file: string, folder: string): string | null {
  // Defence in depth: the real file (symlinks resolved) must still live inside the archive and
  // inside its own folder of derived images: a symlink planted in thumbs/ that points out of the
  // archive, or at the catalogue, is refused.
  try {
    const real = fs.realpathSync(file);
    const root = fs.realpathSync(archive.dir);
    const own = fs.realpathSync(path.join(archive.dir, folder));
    const inside = (dir: string) => real.startsWith(dir + path.sep);
    // One link only: a hard link placed in thumbs/ is another name for a file from anywhere on the
    // disk (the catalogue, a secret), which no realpath check can see. Ours are written under a
    // temporary name and renamed, so they always have exactly one.
    const st = fs.statSync(real);
    return inside(root) && inside(own) && st.isFile() && st.nlink === 1 ? real : null;
  } catch {
    return null;
  }
}
