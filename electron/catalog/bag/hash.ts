// Hashing for bags: several algorithms in one read of a file, and a copy that hashes what it writes.
import { createHash, type Hash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { openRegular } from './safe-read';

export type Digests = Record<string, string>;

function hashers(algorithms: string[]): Map<string, Hash> {
  return new Map(algorithms.map((a) => [a, createHash(a)]));
}

function digests(hs: Map<string, Hash>): Digests {
  return Object.fromEntries([...hs].map(([a, h]) => [a, h.digest('hex')]));
}

/**
 * Every algorithm's digest of a file, reading it once, and its size. The file must be a regular file
 * (not a link, FIFO or device: UnsafeBagFileError), as everything read from a bag.
 */
export async function hashFileMulti(file: string, algorithms: string[], signal?: AbortSignal, rel = file): Promise<{ digests: Digests; size: number }> {
  const hs = hashers(algorithms);
  let size = 0;
  signal?.throwIfAborted();
  const fh = await openRegular(file, rel);
  const stream = fh.createReadStream({ signal, highWaterMark: 1 << 20 });
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    size += chunk.length;
    for (const h of hs.values()) h.update(chunk);
  }
  return { digests: digests(hs), size };
}

/**
 * Streams `from` into a new file `to` (refusing to overwrite), hashing the bytes as they pass, so the
 * digests describe exactly what was written. The caller still re-reads the copy to check the disk.
 */
export async function copyHashing(from: string, to: string, algorithms: string[], signal?: AbortSignal): Promise<{ digests: Digests; size: number }> {
  const hs = hashers(algorithms);
  let size = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _enc, done) {
      size += chunk.length;
      for (const h of hs.values()) h.update(chunk);
      done(null, chunk);
    },
  });
  await pipeline(createReadStream(from, { highWaterMark: 1 << 20 }), tap, createWriteStream(to, { flags: 'wx' }), { signal });
  return { digests: digests(hs), size };
}
