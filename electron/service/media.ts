// Resolving an image URL's opaque photo id to a derived file inside the archive, for both hosts.
import fs from 'node:fs';
import path from 'node:path';
import { MediaKind } from '../../shared/api';
import { derivedPath, type Archive } from '../catalog/archive';

/** Returns the file to serve, or null for anything that is not exactly an existing photo's image. */
export function resolveMedia(archive: Archive, kind: string, id: string): string | null {
  const k = MediaKind.safeParse(kind);
  if (!k.success || !/^[1-9]\d{0,15}$/.test(id)) return null;
  const row = archive.db.prepare('SELECT sha256, has_thumb, has_preview FROM photos WHERE id = ?').get(Number(id)) as
    | { sha256: string | null; has_thumb: number; has_preview: number }
    | undefined;
  if (!row?.sha256 || !/^[0-9a-f]{64}$/.test(row.sha256)) return null;
  if ((k.data === 'thumb' ? row.has_thumb : row.has_preview) !== 1) return null;
  const file = derivedPath(archive.dir, k.data === 'thumb' ? 'thumbs' : 'previews', row.sha256);
  // Defence in depth: the real file must still live inside the archive (no symlink out of it).
  try {
    const real = fs.realpathSync(file);
    const root = fs.realpathSync(archive.dir);
    return real.startsWith(root + path.sep) ? real : null;
  } catch {
    return null;
  }
}
