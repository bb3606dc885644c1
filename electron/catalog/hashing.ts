// SHA-256 of originals, read through a read-only descriptor in chunks (never the whole file at once
// unless the caller keeps the bytes for decoding).
import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import fs from 'node:fs/promises';

const CHUNK = 1 << 20;
/** Files up to this size are kept in memory after hashing so exifr and sharp need not read them again. */
export const KEEP_IN_MEMORY_LIMIT = 64 * 1024 * 1024;

export interface HashedFile {
  sha256: string;
  /** The file's bytes when small enough to keep, else null (decoders then read the path). */
  bytes: Buffer | null;
  size: number;
}

/**
 * `signal` stops the reading between chunks: the importer gives up on a file after a while, and an
 * enormous (e.g. sparse) file must not go on being read in the background after that.
 */
export async function hashFile(file: string, keepBytes = false, signal?: AbortSignal): Promise<HashedFile> {
  // O_NONBLOCK: if the path has become a named pipe since it was scanned, opening it must not wait
  // for a writer forever (and hold a libuv thread); for regular files the flag changes nothing.
  const handle = await fs.open(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) throw new Error(stats.isDirectory() ? 'is a folder' : 'not a regular file');
    const { size } = stats;
    const keep = keepBytes && size <= KEEP_IN_MEMORY_LIMIT;
    const bytes = keep ? Buffer.allocUnsafe(size) : null;
    const scratch = keep ? null : Buffer.allocUnsafe(CHUNK);
    const hash = createHash('sha256');
    let offset = 0;
    for (;;) {
      const target = bytes ?? scratch!;
      const at = bytes ? offset : 0;
      const want = bytes ? Math.min(CHUNK, size - offset) : CHUNK;
      if (want === 0) break;
      signal?.throwIfAborted();
      const { bytesRead } = await handle.read(target, at, want, offset);
      if (bytesRead === 0) break;
      hash.update(target.subarray(at, at + bytesRead));
      offset += bytesRead;
    }
    if (bytes && offset !== size) throw new Error(`file changed while being read (expected ${size} bytes, read ${offset})`);
    return { sha256: hash.digest('hex'), bytes, size: offset };
  } finally {
    await handle.close();
  }
}
