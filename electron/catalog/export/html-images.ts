// The picture embedded in the catalogue for one photo: the archive's derived preview (already
// upright: derived images are auto-oriented), scaled down and re-encoded as JPEG so that a catalogue
// of a thousand photos stays in the low hundreds of megabytes and opens in any browser.
import { createHash } from 'node:crypto';
import sharp from 'sharp';
import type { ShareOptions } from '../../../shared/api';
import type { ExportPhoto } from './collect';
import { redactedRegions, renderRedacted } from './redact';

/** Longest side in pixels: about 140 dpi across the 170 mm text width of an A4 page. */
export const EMBED_SIZE = 960;
/** Photos of damage need visible detail more than perfect gradients; 70 keeps a typical preview near 100 kB. */
const JPEG_QUALITY = 70;

export type Embedded =
  | {
      kind: 'image';
      dataUri: string;
      width: number;
      height: number;
      fromThumb: boolean;
      /** Set when regions marked "redact" were hidden in this picture (share profile): how many, and the picture's own SHA-256. */
      redacted?: { count: number; method: ShareOptions['redaction']; sha256: string };
    }
  | { kind: 'none'; reason: string };

/** `share`: the share profile's options; regions marked "redact" are then hidden in the picture. */
export async function embedPreview(p: ExportPhoto, share: ShareOptions | null = null): Promise<Embedded> {
  // The grid thumbnail (320 px) stands in while a preview is still being made.
  const source = p.previewPath ?? p.thumbPath;
  if (!source) return { kind: 'none', reason: p.photo.error ?? 'The archive has no preview of this file.' };
  try {
    const hide = share ? redactedRegions(p.regions) : [];
    if (hide.length > 0) {
      // The preview is upright already, in the same frame as the regions' coordinates.
      const r = await renderRedacted(source, hide, share!.redaction);
      const data = await sharp(r.data, { raw: { width: r.width, height: r.height, channels: 3 } })
        .resize(EMBED_SIZE, EMBED_SIZE, { fit: 'inside', withoutEnlargement: true })
        .jpeg({ quality: JPEG_QUALITY })
        .toBuffer({ resolveWithObject: true });
      return {
        kind: 'image',
        dataUri: `data:image/jpeg;base64,${data.data.toString('base64')}`,
        width: data.info.width,
        height: data.info.height,
        fromThumb: !p.previewPath,
        redacted: { count: hide.length, method: share!.redaction, sha256: createHash('sha256').update(data.data).digest('hex') },
      };
    }
    const { data, info } = await sharp(source)
      .resize(EMBED_SIZE, EMBED_SIZE, { fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: JPEG_QUALITY })
      .toBuffer({ resolveWithObject: true });
    return { kind: 'image', dataUri: `data:image/jpeg;base64,${data.toString('base64')}`, width: info.width, height: info.height, fromThumb: !p.previewPath };
  } catch (err) {
    // A picture that should be redacted is never shown unredacted.
    if (share && redactedRegions(p.regions).length > 0) return { kind: 'none', reason: `The redacted picture could not be made (${(err as Error).message}); it is left out rather than shown unredacted.` };
    // A derived file that vanished or broke is not a reason to fail the whole catalogue.
    return { kind: 'none', reason: 'The preview file could not be read; the original is unaffected.' };
  }
}
