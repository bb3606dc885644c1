// Comparing pictures the way a person would notice: same content, same way up.
import sharp from 'sharp';

/** Tiny greyscale signature of an image (auto-oriented), for comparing content. */
export async function signature(file: string | Buffer, w = 24, h = 18): Promise<Buffer> {
  return sharp(file).rotate().resize(w, h, { fit: 'fill' }).greyscale().raw().toBuffer();
}

export function meanAbsDiff(a: Buffer, b: Buffer): number {
  expectSameLength(a, b);
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i]! - b[i]!);
  return sum / a.length;
}

function expectSameLength(a: Buffer, b: Buffer): void {
  if (a.length !== b.length) throw new Error(`signatures differ in size: ${a.length} vs ${b.length}`);
}
