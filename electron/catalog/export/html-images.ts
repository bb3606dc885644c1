// The picture embedded in the catalogue for one photo: the archive's derived preview (already
// upright: derived images are auto-oriented), scaled down and re-encoded as JPEG so that a catalogue
// of a thousand photos stays in the low hundreds of megabytes and opens in any browser.
import sharp from 'sharp';
import type { ExportPhoto } from './collect';

/** Longest side in pixels: about 140 dpi across the 170 mm text width of an A4 page. */
export const EMBED_SIZE = 960;
/** Photos of damage need visible detail more than perfect gradients; 70 keeps a typical preview near 100 kB. */
const JPEG_QUALITY = 70;

export type Embedded =
  | { kind: 'image'; dataUri: string; width: number; height: number; fromThumb: boolean }
  | { kind: 'none'; reason: string };

export async function embedPreview(p: ExportPhoto): Promise<Embedded> {
  // The grid thumbnail (320 px) stands in while a preview is still being made.
  const source = p.previewPath ?? p.thumbPath;
  if (!source) return { kind: 'none', reason: p.photo.error ?? 'The archive has no preview of this file.' };
  try {
    const { data, info } = await sharp(source)
      .resize(EMBED_SIZE, EMBED_SIZE, { fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: JPEG_QUALITY })
      .toBuffer({ resolveWithObject: true });
    return { kind: 'image', dataUri: `data:image/jpeg;base64,${data.toString('base64')}`, width: info.width, height: info.height, fromThumb: !p.previewPath };
  } catch {
    // A derived file that vanished or broke is not a reason to fail the whole catalogue.
    return { kind: 'none', reason: 'The preview file could not be read; the original is unaffected.' };
  }
}
