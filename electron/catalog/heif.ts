// HEIC/HEIF decoding with libheif (heic-decode / libheif-js: the decoder compiled to WebAssembly,
// shipped in the npm package, so nothing is downloaded at run time). sharp's libvips has no HEVC
// decoder. A decode takes a second or more per 12 MP photo, so it runs in worker threads, one per
// core, never on the main thread (the UI and the import's bookkeeping stay responsive).
// libheif applies the file's irot/imir transforms and assembles grid images itself.
import { createRequire } from 'node:module';
import os from 'node:os';
import { Worker } from 'node:worker_threads';

export interface DecodedHeif {
  width: number;
  height: number;
  /** RGBA, 4 bytes per pixel. */
  rgba: Buffer;
}

// CommonJS run by each worker: decodes one buffer per message and hands the pixels back without a copy.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const decode = require(workerData.heicDecode);
parentPort.on('message', async ({ id, bytes }) => {
  try {
    const img = await decode({ buffer: new Uint8Array(bytes) });
    const data = img.data;
    parentPort.postMessage({ id, width: img.width, height: img.height, data }, [data.buffer]);
  } catch (err) {
    parentPort.postMessage({ id, error: String((err && err.message) || err) });
  }
});
`;

interface Job {
  id: number;
  bytes: ArrayBuffer;
  resolve: (d: DecodedHeif) => void;
  reject: (e: Error) => void;
}

interface Slot {
  worker: Worker;
  job: Job | null;
}

let slots: Slot[] = [];
const queue: Job[] = [];
let nextId = 0;

function poolSize(): number {
  return Math.max(1, os.availableParallelism());
}

function spawn(): Slot {
  const heicDecode = createRequire(import.meta.url).resolve('heic-decode');
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { heicDecode } });
  const slot: Slot = { worker, job: null };
  worker.unref(); // an idle decoder never keeps the process alive
  worker.on('message', (m: { id: number; width?: number; height?: number; data?: Uint8Array; error?: string }) => {
    const job = slot.job;
    slot.job = null;
    worker.unref();
    if (job && job.id === m.id) {
      if (m.error !== undefined || !m.data) job.reject(new Error(m.error ?? 'no pixels'));
      else job.resolve({ width: m.width!, height: m.height!, rgba: Buffer.from(m.data.buffer, m.data.byteOffset, m.data.byteLength) });
    }
    pump();
  });
  const die = (err: Error) => {
    slots = slots.filter((s) => s !== slot);
    slot.job?.reject(new Error(`the HEIF decoder stopped (${err.message})`));
    slot.job = null;
    pump();
  };
  worker.on('error', die);
  worker.on('exit', (code) => {
    if (slots.includes(slot)) die(new Error(`exit code ${code}`));
  });
  return slot;
}

function pump(): void {
  while (queue.length > 0) {
    let slot = slots.find((s) => s.job === null);
    if (!slot && slots.length < poolSize()) {
      slot = spawn();
      slots.push(slot);
    }
    if (!slot) return;
    const job = queue.shift()!;
    slot.job = job;
    slot.worker.ref(); // busy: the process waits for the answer
    slot.worker.postMessage({ id: job.id, bytes: job.bytes }, [job.bytes]);
  }
}

/** Decodes the primary image, upright as libheif shows it (irot/imir applied, grid assembled). */
export function decodeHeif(bytes: Uint8Array): Promise<DecodedHeif> {
  // A private copy is transferred to the worker; the caller's bytes stay usable (hashing, copying).
  const copy = new Uint8Array(bytes).buffer;
  return new Promise((resolve, reject) => {
    queue.push({ id: ++nextId, bytes: copy, resolve, reject });
    pump();
  });
}

/** Ends the decoder threads (archive closed); the next decode starts new ones. */
export async function endHeifDecoders(): Promise<void> {
  const running = slots;
  slots = [];
  for (const q of queue.splice(0)) q.reject(new Error('the archive was closed'));
  await Promise.all(running.map((s) => s.worker.terminate()));
}

/**
 * Whether the file's item properties include a rotation (irot) or mirror (imir). libheif applies
 * those; then the EXIF Orientation (which phones also write) must not be applied a second time.
 * Without them, a HEIF whose EXIF says it is rotated (heif-enc keeps a JPEG's EXIF as is) is
 * turned by that Orientation, as photo viewers do.
 */
export function heifHasTransforms(b: Uint8Array): boolean {
  const ipco = findBox(b, ['meta', 'iprp', 'ipco']);
  if (!ipco) return false;
  for (const child of boxes(b, ipco.start, ipco.end)) if (child.type === 'irot' || child.type === 'imir') return true;
  return false;
}

/**
 * A file shorter than its own top-level boxes say was cut off (a copy that stopped, a partial
 * download): returns the byte count the boxes need, else null.
 */
export function isoBmffTruncatedAt(b: Uint8Array): number | null {
  let at = 0;
  while (at + 8 <= b.length) {
    const size = boxSize(b, at);
    if (size === null) return null;
    if (size === 0) return null; // "to the end of the file"
    if (at + size > b.length) return at + size;
    at += size;
  }
  // Fewer than 8 bytes left over: padding some writers leave, not a cut box.
  return null;
}

interface Box {
  type: string;
  start: number; // first byte of the contents
  end: number;
}

function boxSize(b: Uint8Array, at: number): number | null {
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const small = view.getUint32(at);
  if (small === 1) {
    if (at + 16 > b.length) return null;
    return Number(view.getBigUint64(at + 8));
  }
  if (small !== 0 && small < 8) return null;
  return small;
}

function* boxes(b: Uint8Array, from: number, to: number): Generator<Box> {
  let at = from;
  while (at + 8 <= to) {
    const size = boxSize(b, at);
    if (size === null) return;
    const end = size === 0 ? to : Math.min(to, at + size);
    const header = new DataView(b.buffer, b.byteOffset, b.byteLength).getUint32(at) === 1 ? 16 : 8;
    yield { type: String.fromCharCode(...b.subarray(at + 4, at + 8)), start: at + header, end };
    if (end <= at) return;
    at = end;
  }
}

function findBox(b: Uint8Array, path: string[]): Box | null {
  let from = 0;
  let to = b.length;
  let found: Box | null = null;
  for (const type of path) {
    found = null;
    for (const box of boxes(b, from, to)) {
      if (box.type === type) {
        found = box;
        break;
      }
    }
    if (!found) return null;
    // 'meta' is a full box: 4 bytes of version and flags before its children.
    from = found.start + (type === 'meta' ? 4 : 0);
    to = found.end;
  }
  return found;
}
