// Reading a file that came in a bag: only a regular file inside the bag, never through a symbolic link,
// never blocking on a FIFO or device, never more than a stated number of bytes. Errors say what the
// file is (a link, a FIFO, too large) and never quote what it points to or holds.
import { constants } from 'node:fs';
import fs from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';

const MiB = 1024 * 1024;

/** Size limits for the files a bag's reader reads whole (payload files are streamed, never read whole). */
export const BAG_READ_LIMITS = {
  /** Two short lines. */
  bagitTxt: 4096,
  bagInfoTxt: 1 * MiB,
  fetchTxt: 16 * MiB,
  /** About 150,000 files' lines of sha512. */
  manifest: 64 * MiB,
  /** data/annotations/archive.json: an archive's annotations and history. */
  archiveJson: 256 * MiB,
} as const;

export class UnsafeBagFileError extends Error {
  constructor(
    readonly reason: 'not-a-file' | 'too-large',
    message: string,
  ) {
    super(message);
  }
}

function what(st: { isSymbolicLink(): boolean; isFIFO(): boolean; isDirectory(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean; isSocket(): boolean }): string {
  if (st.isSymbolicLink()) return 'a symbolic link (not followed)';
  if (st.isFIFO()) return 'a FIFO (named pipe)';
  if (st.isDirectory()) return 'a folder';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

/**
 * Opens `file` for reading if it is a regular file (lstat before, O_NOFOLLOW | O_NONBLOCK to open,
 * fstat after: the same regular file, or refused). `rel` names it in messages.
 */
export async function openRegular(file: string, rel: string): Promise<FileHandle> {
  const before = await fs.lstat(file);
  if (!before.isFile()) throw new UnsafeBagFileError('not-a-file', `${rel} is ${what(before)}; a bag's files must be regular files inside the bag.`);
  let fh: FileHandle;
  try {
    fh = await fs.open(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ELOOP') throw new UnsafeBagFileError('not-a-file', `${rel} is a symbolic link (not followed); a bag's files must be regular files inside the bag.`);
    throw err;
  }
  const after = await fh.stat();
  if (!after.isFile() || after.ino !== before.ino || after.dev !== before.dev) {
    await fh.close();
    throw new UnsafeBagFileError('not-a-file', `${rel} changed into ${what(after)} while it was being opened; not read.`);
  }
  return fh;
}

/** The whole of a regular file of at most `limit` bytes (UnsafeBagFileError otherwise). */
export async function readRegular(file: string, rel: string, limit: number): Promise<Buffer> {
  const fh = await openRegular(file, rel);
  try {
    const { size } = await fh.stat();
    const tooLarge = () => new UnsafeBagFileError('too-large', `${rel} is larger than the ${limit.toLocaleString('en')} bytes such a file may have; not read.`);
    if (size > limit) throw tooLarge();
    // Read at most limit + 1 bytes, whatever the size said: the file may be growing.
    const buf = Buffer.alloc(Math.min(limit + 1, size + 1));
    let n = 0;
    for (let r; n < buf.length && (r = (await fh.read(buf, n, buf.length - n, n)).bytesRead) > 0; ) n += r;
    if (n > limit) throw tooLarge();
    return buf.subarray(0, n);
  } finally {
    await fh.close();
  }
}
