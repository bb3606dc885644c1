// Telling a file that was cut short (a copy that stopped, a partial download) from one whose data is
// damaged: users act differently on each (copy it again vs. the card or camera is failing).
import { isoBmffTruncatedAt } from './heif';

/** Why the file looks cut short, or null when it is as long as its own structure says. */
export function truncationOf(b: Uint8Array, format: string): string | null {
  if (format === 'jpg') return endsWithJpegEoi(b) ? null : 'the file ends before the JPEG end-of-image marker';
  if (['heic', 'heif', 'avif', 'cr3', 'mp4', 'mov', '3gp'].includes(format)) {
    const need = isoBmffTruncatedAt(b);
    return need === null ? null : `the file is ${b.length.toLocaleString('en')} bytes but its boxes need ${need.toLocaleString('en')}`;
  }
  if (isTiff(b)) {
    const need = tiffExtent(b);
    return need !== null && need > b.length
      ? `the file is ${b.length.toLocaleString('en')} bytes but its directories point to data up to byte ${need.toLocaleString('en')}`
      : null;
  }
  return null;
}

/** A complete JPEG ends in FFD9 (some cameras pad with zeros after it). Looking further back would
 * find the FFD9 of the EXIF thumbnail in a file cut just after it. */
function endsWithJpegEoi(b: Uint8Array): boolean {
  let end = b.length;
  while (end > 2 && b.length - end < 65536 && b[end - 1] === 0) end--;
  return b[end - 2] === 0xff && b[end - 1] === 0xd9;
}

function isTiff(b: Uint8Array): boolean {
  return b.length >= 8 && ((b[0] === 0x49 && b[1] === 0x49) || (b[0] === 0x4d && b[1] === 0x4d));
}

const TYPE_SIZE: Record<number, number> = { 1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8, 13: 4 };

/**
 * The furthest byte the TIFF structure references: IFDs (IFD0 chain and SubIFDs), their value
 * areas, strips/tiles and embedded JPEGs. A bounded walk (at most 64 IFDs) over untrusted bytes.
 */
function tiffExtent(b: Uint8Array): number | null {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const le = b[0] === 0x49;
  const u16 = (o: number) => v.getUint16(o, le);
  const u32 = (o: number) => v.getUint32(o, le);
  if (u16(2) !== 42) return null; // not classic TIFF (e.g. ORF/RW2 variants): no claim
  let furthest = 8;
  const pending = [u32(4)];
  const seen = new Set<number>();
  while (pending.length > 0 && seen.size < 64) {
    const ifd = pending.shift()!;
    if (ifd === 0 || seen.has(ifd)) continue;
    seen.add(ifd);
    if (ifd + 2 > b.length) return Math.max(furthest, ifd + 2);
    const n = u16(ifd);
    const end = ifd + 2 + n * 12 + 4;
    furthest = Math.max(furthest, end);
    if (end > b.length) return furthest;
    const values = (tag: number): number[] => {
      for (let i = 0; i < n; i++) {
        const e = ifd + 2 + i * 12;
        if (u16(e) !== tag) continue;
        const type = u16(e + 2);
        const count = u32(e + 4);
        const size = (TYPE_SIZE[type] ?? 1) * count;
        const at = size <= 4 ? e + 8 : u32(e + 8);
        if (at + size > b.length) {
          furthest = Math.max(furthest, at + size);
          return [];
        }
        const out: number[] = [];
        for (let k = 0; k < Math.min(count, 4096); k++) out.push(type === 3 ? u16(at + k * 2) : u32(at + k * 4));
        return out;
      }
      return [];
    };
    for (let i = 0; i < n; i++) {
      const e = ifd + 2 + i * 12;
      const size = (TYPE_SIZE[u16(e + 2)] ?? 1) * u32(e + 4);
      if (size > 4) furthest = Math.max(furthest, u32(e + 8) + size);
    }
    for (const [offTag, lenTag] of [[0x0111, 0x0117], [0x0144, 0x0145], [0x0201, 0x0202]] as const) {
      const offs = values(offTag);
      const lens = values(lenTag);
      offs.forEach((o, k) => (furthest = Math.max(furthest, o + (lens[k] ?? 0))));
    }
    pending.push(...values(0x014a), ...values(0x8769));
    pending.push(u32(ifd + 2 + n * 12));
  }
  return furthest;
}
