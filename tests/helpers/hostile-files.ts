// Hostile input, built byte by byte: pixel bombs, EXIF blocks with absurd offsets and counts, GPS
// values no camera writes. Shared by the import and hostile-file tests.
import sharp from 'sharp';
import zlib from 'node:zlib';

/** A small, well-formed PNG whose header declares the given size: a decompression ("pixel") bomb. */
export function pngBomb(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.writeUInt8(8, 8); // bit depth
  ihdr.writeUInt8(2, 9); // truecolour
  return Buffer.concat([PNG_SIGNATURE, pngChunk('IHDR', ihdr), pngChunk('IDAT', zlib.deflateSync(Buffer.alloc(4096))), pngChunk('IEND', Buffer.alloc(0))]);
}

/**
 * A genuine, valid greyscale PNG of the given size, all one shade: small on disk (it compresses to
 * almost nothing) but every pixel must be inflated to make a thumbnail, so it is slow to decode.
 */
export function flatPng(width: number, height: number, shade = 0x80): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.writeUInt8(8, 8); // bit depth
  ihdr.writeUInt8(0, 9); // greyscale
  const stride = width + 1;
  const raw = Buffer.alloc(stride * height, shade);
  for (let y = 0; y < height; y++) raw[y * stride] = 0; // filter type "none" on every row
  const idat = zlib.deflateSync(raw, { level: 9 });
  return Buffer.concat([PNG_SIGNATURE, pngChunk('IHDR', ihdr), pngChunk('IDAT', idat), pngChunk('IEND', Buffer.alloc(0))]);
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export function pngChunk(type: string, data: Buffer): Buffer {
  const t = Buffer.from(type);
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([t, data])) >>> 0);
  return Buffer.concat([len, t, data, crc]);
}

function crc32(buf: Buffer): number {
  let c = ~0;
  for (const byte of buf) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c;
}

// --- EXIF (TIFF structure) written by hand, so offsets and counts can be anything at all ---------

export const TIFF_TYPE = { BYTE: 1, ASCII: 2, SHORT: 3, LONG: 4, RATIONAL: 5, UNDEFINED: 7, SRATIONAL: 10 } as const;
export const TAG = {
  ImageDescription: 0x010e,
  Make: 0x010f,
  Model: 0x0110,
  Orientation: 0x0112,
  ExifIFD: 0x8769,
  GPSIFD: 0x8825,
  DateTimeOriginal: 0x9003,
  GPSLatitudeRef: 0x0001,
  GPSLatitude: 0x0002,
  GPSLongitudeRef: 0x0003,
  GPSLongitude: 0x0004,
  GPSAltitudeRef: 0x0005,
  GPSAltitude: 0x0006,
  GPSImgDirection: 0x0011,
} as const;

export interface TiffEntry {
  tag: number;
  type: number;
  /** Defaults to the number of values in `data`. */
  count?: number;
  /** The value bytes (placed inline when 4 bytes or fewer, else in the IFD's data area). */
  data?: Buffer;
  /** Written verbatim as the value/offset field instead of `data`: an offset that points anywhere. */
  rawValue?: number;
  /** The offset of another IFD in this file, by name (for ExifIFD and GPS pointers). */
  pointsTo?: string;
}

export interface TiffIfd {
  name: string;
  entries: TiffEntry[];
  /** The entry count written in the IFD, whatever the real number of entries. */
  declaredCount?: number;
  /** The next-IFD offset (0: none). */
  next?: number;
}

const TYPE_SIZE: Record<number, number> = { 1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 7: 1, 10: 8 };

/** A big-endian TIFF structure; `ifd0Offset` overrides where the header says IFD0 starts. */
export function buildTiff(ifds: TiffIfd[], opts: { ifd0Offset?: number } = {}): Buffer {
  // First pass: where each IFD and its data area go.
  const offsets = new Map<string, number>();
  let at = 8;
  for (const ifd of ifds) {
    offsets.set(ifd.name, at);
    at += 2 + 12 * ifd.entries.length + 4;
    for (const e of ifd.entries) if (e.data && e.data.length > 4) at += e.data.length + (e.data.length % 2);
  }
  const buf = Buffer.alloc(at);
  buf.write('MM', 0, 'latin1');
  buf.writeUInt16BE(42, 2);
  buf.writeUInt32BE(opts.ifd0Offset ?? 8, 4);
  for (const ifd of ifds) {
    const start = offsets.get(ifd.name)!;
    let data = start + 2 + 12 * ifd.entries.length + 4;
    buf.writeUInt16BE(ifd.declaredCount ?? ifd.entries.length, start);
    ifd.entries.forEach((e, i) => {
      const p = start + 2 + 12 * i;
      const count = e.count ?? (e.data ? e.data.length / (TYPE_SIZE[e.type] ?? 1) : 1);
      buf.writeUInt16BE(e.tag, p);
      buf.writeUInt16BE(e.type, p + 2);
      buf.writeUInt32BE(count >>> 0, p + 4);
      if (e.pointsTo !== undefined) buf.writeUInt32BE(offsets.get(e.pointsTo)!, p + 8);
      else if (e.rawValue !== undefined) buf.writeUInt32BE(e.rawValue >>> 0, p + 8);
      else if (e.data && e.data.length <= 4) e.data.copy(buf, p + 8);
      else if (e.data) {
        buf.writeUInt32BE(data, p + 8);
        e.data.copy(buf, data);
        data += e.data.length + (e.data.length % 2);
      }
    });
    buf.writeUInt32BE(ifd.next ?? 0, start + 2 + 12 * ifd.entries.length);
  }
  return buf;
}

export const ascii = (s: string): Buffer => Buffer.from(`${s}\0`, 'latin1');
export const short = (n: number): Buffer => {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(n);
  return b;
};
/** Unsigned rationals as [numerator, denominator] pairs; zero denominators welcome. */
export function rationals(...pairs: Array<[number, number]>): Buffer {
  const b = Buffer.alloc(8 * pairs.length);
  pairs.forEach(([n, d], i) => {
    b.writeUInt32BE(n >>> 0, 8 * i);
    b.writeUInt32BE(d >>> 0, 8 * i + 4);
  });
  return b;
}

/** A JPEG APP1 "Exif" segment holding the TIFF structure (which must fit the segment's 64 KB). */
export function exifSegment(tiff: Buffer): Buffer {
  const header = Buffer.alloc(4);
  header.writeUInt16BE(0xffe1, 0);
  header.writeUInt16BE(2 + 6 + tiff.length, 2);
  if (2 + 6 + tiff.length > 0xffff) throw new Error(`EXIF block of ${tiff.length} bytes does not fit one APP1 segment`);
  return Buffer.concat([header, Buffer.from('Exif\0\0', 'latin1'), tiff]);
}

/** Inserts a segment right after a JPEG's SOI marker, where EXIF belongs. */
export function spliceAfterSoi(jpeg: Buffer, segment: Buffer): Buffer {
  if (jpeg[0] !== 0xff || jpeg[1] !== 0xd8) throw new Error('not a JPEG (no SOI marker)');
  return Buffer.concat([jpeg.subarray(0, 2), segment, jpeg.subarray(2)]);
}

/** A real, small JPEG without any metadata, in a given colour (so each one has its own hash). */
export async function plainJpeg(colour: { r: number; g: number; b: number }, width = 96, height = 64): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: colour } }).jpeg({ quality: 85 }).toBuffer();
}

/** Rewrites the pixel size a baseline JPEG's frame header (SOF0) declares, leaving the data as it is. */
export function withDeclaredJpegSize(jpeg: Buffer, width: number, height: number): Buffer {
  const out = Buffer.from(jpeg);
  for (let i = 2; i + 4 <= out.length; ) {
    if (out[i] !== 0xff) throw new Error(`no JPEG marker at byte ${i}`);
    const marker = out[i + 1]!;
    if (marker === 0xc0) {
      out.writeUInt16BE(height, i + 5);
      out.writeUInt16BE(width, i + 7);
      return out;
    }
    if (marker === 0xda) break; // image data starts: no baseline frame header before it
    i += 2 + out.readUInt16BE(i + 2);
  }
  throw new Error('no baseline frame header (SOF0) in this JPEG');
}
