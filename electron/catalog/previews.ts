// Viewer previews: rendered after a photo is catalogued (so the grid fills first), or on demand
// when someone opens a photo whose preview is not there yet.
import { derivedPath, originalFile, type Archive } from './archive';
import { renderPreview } from './derived';
import { hashFile } from './hashing';

export interface PreviewSource {
  id: number;
  sha256: string;
  source_path: string;
  stored_path: string | null;
}

export function photosWithoutPreview(archive: Archive): PreviewSource[] {
  return archive.db
    .prepare("SELECT id, sha256, source_path, stored_path FROM photos WHERE status = 'ok' AND has_preview = 0 ORDER BY id")
    .all() as PreviewSource[];
}

/** Renders from the original only after checking it is still the bytes that were catalogued. */
export async function makePreview(archive: Archive, photo: PreviewSource, maxPixels: number): Promise<void> {
  const file = originalFile(archive.dir, photo);
  const { sha256, bytes } = await hashFile(file, true);
  if (sha256 !== photo.sha256) throw new Error('the original has changed since it was imported (its hash differs); run verify');
  await renderPreview(bytes ?? file, derivedPath(archive.dir, 'previews', photo.sha256), maxPixels);
  archive.db.prepare('UPDATE photos SET has_preview = 1 WHERE id = ?').run(photo.id);
}
