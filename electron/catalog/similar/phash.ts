// Perceptual hashes (pHash: DCT of a 32x32 greyscale image, the 8x8 lowest frequencies above the
// DC term, each bit "above the mean") of a photo's upright picture and of crops of it, so that a
// recompressed, resized, re-encoded or cropped copy of a photo hashes close to its original.
//
// Hand-written rather than a library: the npm pHash packages compute the full 32x32 DCT (about a
// million multiply-adds per hash); we need eleven hashes per photo on the host's event loop, and a
// separable transform of only the 8x8 coefficients used costs about 10,000.
import sharp, { type Sharp } from 'sharp';

const N = 32;
const LOW = 8;

/** COS[u][x] = cos((2x + 1) u pi / 2N) for the frequencies u = 1..8 the hash uses. */
const COS: Float64Array[] = Array.from({ length: LOW }, (_, i) => {
  const u = i + 1;
  return Float64Array.from({ length: N }, (_, x) => Math.cos(((2 * x + 1) * u * Math.PI) / (2 * N)));
});

/**
 * The crops hashed besides the whole picture, as [left, top, size] fractions of the upright image:
 * the centre 80 %, and 90 % crops anchored on a 3x3 grid (a copy cropped by up to ~10 % on any
 * sides lands near one of them).
 */
const CROPS: ReadonlyArray<readonly [number, number, number]> = [
  [0.1, 0.1, 0.8],
  ...[0, 0.05, 0.1].flatMap((y) => [0, 0.05, 0.1].map((x) => [x, y, 0.9] as const)),
];

/** How many hashes each photo has: [0] is the whole picture, the rest are CROPS in order. */
export const HASHES_PER_PHOTO = 1 + CROPS.length;

/** The algorithm's name as stored beside the hashes, so a later change can re-hash old rows. */
export const PHASH_ALGORITHM = 'phash-dct8-crops11-v1';

/** 64-bit pHash of a 32x32 greyscale raster, as 16 lowercase hex digits. */
export function phashOfRaster(grey: Uint8Array | Buffer): string {
  if (grey.length !== N * N) throw new Error(`pHash needs a ${N}x${N} greyscale raster`);
  // Rows first: T[y][u] = sum_x grey[y][x] cos_u(x), then columns for the 8x8 block.
  const rows = new Float64Array(N * LOW);
  for (let y = 0; y < N; y++) {
    for (let u = 0; u < LOW; u++) {
      const c = COS[u]!;
      let s = 0;
      for (let x = 0; x < N; x++) s += grey[y * N + x]! * c[x]!;
      rows[y * LOW + u] = s;
    }
  }
  const coeffs = new Float64Array(LOW * LOW);
  for (let v = 0; v < LOW; v++) {
    const c = COS[v]!;
    for (let u = 0; u < LOW; u++) {
      let s = 0;
      for (let y = 0; y < N; y++) s += rows[y * LOW + u]! * c[y]!;
      coeffs[v * LOW + u] = s;
    }
  }
  let mean = 0;
  for (const c of coeffs) mean += c;
  mean /= coeffs.length;
  let hex = '';
  for (let nibble = 0; nibble < 16; nibble++) {
    let d = 0;
    for (let b = 0; b < 4; b++) d = (d << 1) | (coeffs[nibble * 4 + b]! > mean ? 1 : 0);
    hex += d.toString(16);
  }
  return hex;
}

/**
 * The hashes of an upright image (a grid thumbnail is ideal: small and already auto-oriented).
 * Returns HASHES_PER_PHOTO hex strings: the whole picture first, then each crop.
 */
export async function perceptualHashes(input: Buffer | string): Promise<string[]> {
  const { data, info } = await sharp(input, { failOn: 'none' })
    .rotate()
    .resize(256, 256, { fit: 'inside' })
    .greyscale()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const raw = { raw: { width: info.width, height: info.height, channels: info.channels } } as const;
  const square = (img: Sharp) => img.resize(N, N, { fit: 'fill' }).extractChannel(0).raw().toBuffer();
  const out = [phashOfRaster(await square(sharp(data, raw)))];
  for (const [x, y, size] of CROPS) {
    const left = Math.floor(info.width * x);
    const top = Math.floor(info.height * y);
    const width = Math.max(1, Math.min(info.width - left, Math.floor(info.width * size)));
    const height = Math.max(1, Math.min(info.height - top, Math.floor(info.height * size)));
    out.push(phashOfRaster(await square(sharp(data, raw).extract({ left, top, width, height }))));
  }
  return out;
}
