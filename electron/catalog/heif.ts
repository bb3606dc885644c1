// HEIC/HEIF decoding with libheif (libheif-js: the decoder compiled to WebAssembly, shipped in the
// npm package, so nothing is downloaded at run time). sharp's libvips has no HEVC decoder. A decode
// takes a second or more per 12 MP photo, so it runs in worker threads, one per core, never on the
// main thread (the UI and the import's bookkeeping stay responsive). libheif applies the file's
// irot/imir transforms and assembles grid images itself.
//
// Memory: a worker's WebAssembly heap grows to its largest decode and never shrinks, so each worker
// costs that high-water mark for as long as it lives. Hence 3 bytes a pixel (RGB; no alpha channel
// is ever shown), the primary image only, the pixel limit checked on the image's declared size
// BEFORE decoding, and a worker that is retired after a number of decodes or when idle.
import { createRequire } from 'node:module';
import os from 'node:os';
import { Worker } from 'node:worker_threads';

export interface DecodedHeif {
  /** The full image's size (as displayed: irot/imir applied). */
  width: number;
  height: number;
  /** RGB, 3 bytes per pixel, rows packed: the image reduced to fit `fitInside` (never enlarged). */
  rgb: Buffer;
  rgbWidth: number;
  rgbHeight: number;
}

export interface HeifDecodeOptions {
  /** Refused (HeifTooLarge) above this many pixels, before any decoding. */
  maxPixels?: number;
  /** The longest side the caller needs (the viewer preview's): the pixels handed back fit inside it. */
  fitInside?: number;
}

/** The file's primary image is larger than the caller's pixel limit: refused before decoding. */
export class HeifTooLarge extends Error {
  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    super(`image has ${width}x${height} pixels, more than the configured limit`);
  }
}

// CommonJS run by each worker: decodes the PRIMARY image (the file's pitm item, which need not be the
// first top-level image) of one buffer per message and hands the pixels back without a copy.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const lib = require(workerData.libheif);
// Each source pixel's share of each output pixel along one axis (area averaging, any factor >= 1).
function shares(inLen, outLen) {
  const scale = inLen / outLen;
  const start = new Int32Array(outLen);
  const count = new Int32Array(outLen);
  const at = new Int32Array(outLen);
  const weight = [];
  for (let o = 0; o < outLen; o++) {
    const a = o * scale;
    const b = Math.min(inLen, a + scale);
    const i0 = Math.floor(a);
    const i1 = Math.min(inLen, Math.ceil(b - 1e-9));
    start[o] = i0;
    count[o] = i1 - i0;
    at[o] = weight.length;
    for (let i = i0; i < i1; i++) weight.push((Math.min(b, i + 1) - Math.max(a, i)) / scale);
  }
  return { start, count, at, weight: Float64Array.from(weight) };
}
// Packed RGB reduced by area averaging (each output pixel the mean of the source area it covers, as
// libvips' shrink does): no aliasing, and nothing larger than the output is allocated.
function areaAverage(src, stride, w, h, ow, oh) {
  const out = new Uint8ClampedArray(ow * oh * 3);
  if (ow === w && oh === h) {
    for (let y = 0; y < h; y++) out.set(src.subarray(y * stride, y * stride + w * 3), y * w * 3);
    return new Uint8Array(out.buffer);
  }
  const hx = shares(w, ow);
  const vy = shares(h, oh);
  const acc = new Float64Array(ow * 3);
  for (let oy = 0; oy < oh; oy++) {
    acc.fill(0);
    for (let k = 0; k < vy.count[oy]; k++) {
      const wy = vy.weight[vy.at[oy] + k];
      const row = (vy.start[oy] + k) * stride;
      for (let ox = 0; ox < ow; ox++) {
        let r = 0, g = 0, b = 0;
        const n = hx.count[ox], wat = hx.at[ox];
        let p = row + hx.start[ox] * 3;
        for (let j = 0; j < n; j++, p += 3) {
          const wx = hx.weight[wat + j];
          r += src[p] * wx; g += src[p + 1] * wx; b += src[p + 2] * wx;
        }
        acc[ox * 3] += r * wy; acc[ox * 3 + 1] += g * wy; acc[ox * 3 + 2] += b * wy;
      }
    }
    const o = oy * ow * 3;
    for (let i = 0; i < ow * 3; i++) out[o + i] = acc[i]; // a clamped array rounds to nearest
  }
  return new Uint8Array(out.buffer);
}
function fail(handle, what) {
  return new Error(what + (handle && handle.message ? ': ' + handle.message : ''));
}
parentPort.on('message', async ({ id, bytes, maxPixels, fitInside }) => {
  let ctx = null;
  let handle = null;
  let image = null;
  try {
    await lib.ready;
    ctx = lib.heif_context_alloc();
    const read = lib.heif_context_read_from_memory(ctx, new Uint8Array(bytes));
    bytes = null;
    if (read.code !== lib.heif_error_code.heif_error_Ok) throw fail(read, 'not a readable HEIF file');
    handle = lib.heif_js_context_get_primary_image_handle(ctx);
    if (!handle || handle.code) { const e = handle; handle = null; throw fail(e, 'no primary image'); }
    const width = lib.heif_image_handle_get_width(handle);
    const height = lib.heif_image_handle_get_height(handle);
    if (!(width > 0 && height > 0)) throw new Error('the primary image has no pixel size');
    if (width * height > maxPixels) { parentPort.postMessage({ id, tooLarge: true, width, height }); return; }
    const decoded = await lib.heif_js_decode_image2(handle, lib.heif_colorspace.heif_colorspace_RGB, lib.heif_chroma.heif_chroma_interleaved_RGB);
    if (!decoded || decoded.code) throw fail(decoded, 'the image data cannot be decoded');
    image = decoded.image;
    const plane = decoded.channels.find((c) => c.id == lib.heif_channel.heif_channel_interleaved);
    if (!plane) throw new Error('no interleaved RGB plane');
    // The plane is a view into the WebAssembly heap: copied out, already reduced to the size the caller
    // needs, before the image is released. So no full-size copy ever leaves the heap.
    const scale = Math.min(1, fitInside / plane.width, fitInside / plane.height);
    const ow = Math.max(1, Math.round(plane.width * scale));
    const oh = Math.max(1, Math.round(plane.height * scale));
    const rgb = areaAverage(plane.data, plane.stride, plane.width, plane.height, ow, oh);
    parentPort.postMessage({ id, width: plane.width, height: plane.height, rgb, rgbWidth: ow, rgbHeight: oh }, [rgb.buffer]);
  } catch (err) {
    parentPort.postMessage({ id, error: String((err && err.message) || err) });
  } finally {
    if (image) lib.heif_image_release(image);
    if (handle) lib.heif_image_handle_release(handle);
    if (ctx) lib.heif_context_free(ctx);
  }
});
`;

interface Job {
  id: number;
  bytes: ArrayBuffer;
  maxPixels: number;
  fitInside: number;
  resolve: (d: DecodedHeif) => void;
  reject: (e: Error) => void;
}

interface Slot {
  worker: Worker;
  job: Job | null;
  /** Decodes done: the worker is retired after RETIRE_AFTER, returning its heap to the system. */
  decodes: number;
  idleTimer: NodeJS.Timeout | null;
}

/** Decodes per worker before it is replaced (a new worker costs ~0.1 s; its heap starts small). */
const RETIRE_AFTER = 16;
/** An idle worker is ended after this long, so a finished import leaves no decoder heap behind. */
const IDLE_MS = 5_000;

let slots: Slot[] = [];
const queue: Job[] = [];
let nextId = 0;

function poolSize(): number {
  return Math.max(1, os.availableParallelism());
}

function spawn(): Slot {
  const libheif = createRequire(import.meta.url).resolve('libheif-js/wasm-bundle');
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { libheif } });
  const slot: Slot = { worker, job: null, decodes: 0, idleTimer: null };
  worker.unref(); // an idle decoder never keeps the process alive
  worker.on('message', (m: { id: number; width?: number; height?: number; rgb?: Uint8Array; rgbWidth?: number; rgbHeight?: number; tooLarge?: boolean; error?: string }) => {
    const job = slot.job;
    slot.job = null;
    slot.decodes++;
    worker.unref();
    if (job && job.id === m.id) {
      if (m.tooLarge) job.reject(new HeifTooLarge(m.width!, m.height!));
      else if (m.error !== undefined || !m.rgb) job.reject(new Error(m.error ?? 'no pixels'));
      else {
        const rgb = Buffer.from(m.rgb.buffer, m.rgb.byteOffset, m.rgb.byteLength);
        job.resolve({ width: m.width!, height: m.height!, rgb, rgbWidth: m.rgbWidth!, rgbHeight: m.rgbHeight! });
      }
    }
    if (slot.decodes >= RETIRE_AFTER) retire(slot);
    else slot.idleTimer = setTimeout(() => retire(slot), IDLE_MS).unref();
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

/** Ends an idle worker (its WebAssembly heap goes with it); the next decode starts a fresh one. */
function retire(slot: Slot): void {
  if (slot.job || !slots.includes(slot)) return;
  if (slot.idleTimer) clearTimeout(slot.idleTimer);
  slots = slots.filter((s) => s !== slot);
  void slot.worker.terminate();
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
    if (slot.idleTimer) clearTimeout(slot.idleTimer);
    slot.idleTimer = null;
    slot.job = job;
    slot.worker.ref(); // busy: the process waits for the answer
    slot.worker.postMessage({ id: job.id, bytes: job.bytes, maxPixels: job.maxPixels, fitInside: job.fitInside }, [job.bytes]);
  }
}

/**
 * Decodes the file's primary image (its `pitm` item), upright as libheif shows it (irot/imir
 * applied, grid assembled), reduced to fit `fitInside`. Rejects with {@link HeifTooLarge}, without
 * decoding, when the image is larger than `maxPixels`.
 */
export function decodeHeif(bytes: Uint8Array, opts: HeifDecodeOptions = {}): Promise<DecodedHeif> {
  // A private copy is transferred to the worker; the caller's bytes stay usable (hashing, copying).
  const copy = new Uint8Array(bytes).buffer;
  const maxPixels = opts.maxPixels ?? Number.MAX_SAFE_INTEGER;
  const fitInside = opts.fitInside ?? Number.MAX_SAFE_INTEGER;
  return new Promise((resolve, reject) => {
    queue.push({ id: ++nextId, bytes: copy, maxPixels, fitInside, resolve, reject });
    pump();
  });
}

let holders = 0;
const waiting: Array<() => void> = [];

/**
 * Decodes and hands the pixels to `use` (rendering the derived images), with at most one image per
 * decoder thread between the start of its decode and the end of `use`: the import runs more files
 * than there are cores (to overlap ExifTool and the disk), but full-size pixels in memory stay
 * bounded by the core count, not by the import's concurrency.
 */
export async function withDecodedHeif<T>(bytes: Uint8Array, opts: HeifDecodeOptions, use: (d: DecodedHeif) => Promise<T>): Promise<T> {
  if (holders >= poolSize()) await new Promise<void>((resolve) => waiting.push(resolve));
  else holders++;
  try {
    return await use(await decodeHeif(bytes, opts));
  } finally {
    const next = waiting.shift();
    if (next) next(); // the slot passes straight on
    else holders--;
  }
}

/** Ends the decoder threads (archive closed); the next decode starts new ones. */
export async function endHeifDecoders(): Promise<void> {
  const running = slots;
  slots = [];
  for (const q of queue.splice(0)) q.reject(new Error('the archive was closed'));
  for (const s of running) if (s.idleTimer) clearTimeout(s.idleTimer);
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
