// Export format "coco": one COCO object-detection JSON file for machine-learning teams.
//
// Choices a reader needs to know:
// - Pixel coordinates are in the DISPLAYED image (after EXIF orientation), whose size is the
//   image's width/height: a photo stored sideways with Orientation 6 is described upright.
// - image id = the photo's id and annotation id = the region's id in this archive, and category id
//   = the class term's id, so exporting the same archive again gives the same ids.
// - Category name = the class key ("building.residential"): labels are user-editable and short
//   names repeat across parents ("building.unknown", "vehicle.unknown"). supercategory = the
//   parent class's key ("building"); a top-level class is its own supercategory, as in COCO.
// - A region drawn without a class goes to the category "unclassified" (id 0, never a term id):
//   dropping it would lose its damage assessment. Consumers that want classes only filter it out.
// - Damage types, severity, confidence and note go in each annotation's `attributes` (as CVAT
//   does); each image also carries sha256, orientation, title, caption and credit. COCO readers
//   ignore fields they do not know.
// - licenses: one per distinct copyright statement (the user's, else the file's), with no URL. Every
//   image has `license` and `date_captured`, null when there is no copyright or capture time.
// - Loaders must apply the EXIF orientation when they read the pixels (PIL ImageOps.exif_transpose,
//   OpenCV's default imread, sharp .rotate()); `orientation` says what the file's tag is.
import fs from 'node:fs/promises';
import type { ExportPhoto, ExportRegion, ExportSet } from './collect';
import {
  GENERATOR_NAME,
  boundsOfPoints,
  contributorsOf,
  effectiveField,
  forEachPhoto,
  localCaptureTime,
  pixelOutline,
  polygonArea,
  round,
  severityLabel,
} from './annotation-data';
import type { ExportWriter } from './writer';

export const UNCLASSIFIED_CATEGORY = { id: 0, name: 'unclassified', supercategory: 'unclassified', label: 'No object class given' };

export interface CocoOptions {
  /** The image's file_name (default: the original's file name); a bag points it at its payload path. */
  fileNameOf?: (p: ExportPhoto) => string;
}

interface CocoImage {
  id: number;
  file_name: string;
  width: number;
  height: number;
  /** Always present, as COCO readers expect: null when the capture time (or the copyright) is unknown. */
  date_captured: string | null;
  license: number | null;
  sha256: string | null;
  orientation: number | null;
  title?: string;
  caption?: string;
  credit?: string;
}

function annotationOf(r: ExportRegion, width: number, height: number) {
  const outline = pixelOutline(r.geometry, width, height);
  const box = boundsOfPoints(outline);
  return {
    id: r.id,
    image_id: r.photoId,
    category_id: r.class?.id ?? UNCLASSIFIED_CATEGORY.id,
    bbox: [box.x, box.y, box.w, box.h],
    segmentation: [outline.flat()],
    area: round(polygonArea(outline), 2),
    iscrowd: 0,
    attributes: {
      shape: r.geometry.type,
      damage: r.damage.map((d) => d.key),
      severity: r.severity,
      severity_label: severityLabel(r.severity),
      confidence: r.confidence,
      note: r.note,
    },
  };
}

/** Builds the COCO document (the writer adds progress and cancel around it). */
export function buildCoco(set: ExportSet, opts: CocoOptions = {}): object {
  const licenses: Array<{ id: number; name: string; url: string }> = [];
  const licenseOf = (p: ExportPhoto): number | undefined => {
    const rights = effectiveField(p, 'copyright')?.value;
    if (!rights) return undefined;
    let l = licenses.find((x) => x.name === rights);
    if (!l) licenses.push((l = { id: licenses.length + 1, name: rights, url: '' }));
    return l.id;
  };

  const images: CocoImage[] = [];
  const annotations: Array<ReturnType<typeof annotationOf>> = [];
  const skipped: string[] = [];
  for (const p of set.photos) {
    const { width, height } = p.photo;
    if (!width || !height) {
      // Without a pixel size no pixel coordinate can be given; say so rather than guess.
      skipped.push(p.photo.fileName);
    } else {
      const image: CocoImage = {
        id: p.photo.id,
        file_name: opts.fileNameOf ? opts.fileNameOf(p) : p.photo.fileName,
        width,
        height,
        license: licenseOf(p) ?? null,
        date_captured: localCaptureTime(p) ?? null,
        sha256: p.photo.sha256,
        orientation: p.photo.orientation,
      };
      for (const f of ['title', 'caption', 'credit'] as const) {
        const v = effectiveField(p, f)?.value;
        if (v) image[f] = v;
      }
      images.push(image);
      for (const r of p.regions) annotations.push(annotationOf(r, width, height));
    }
  }

  const byId = new Map(set.vocabulary.map((t) => [t.id, t]));
  const used = new Set(annotations.map((a) => a.category_id));
  const categories = [
    UNCLASSIFIED_CATEGORY,
    ...set.vocabulary
      // Every live class, so the category list stays the same whichever photos are exported.
      .filter((t) => t.kind === 'class' && (t.mergedInto === null || used.has(t.id)))
      .map((t) => {
        const parent = t.parentId === null ? undefined : byId.get(t.parentId);
        return { id: t.id, name: t.key, supercategory: parent?.key ?? t.key, label: t.label };
      }),
  ];

  const generated = new Date(set.generatedAt);
  return {
    info: {
      description: `${GENERATOR_NAME} export of ${images.length} photo${images.length === 1 ? '' : 's'}. Pixel coordinates refer to the displayed image, after EXIF orientation is applied.`,
      version: '1.0',
      year: generated.getUTCFullYear(),
      date_created: set.generatedAt,
      contributor: contributorsOf(set).join('; '),
      url: '',
      ...(skipped.length ? { skipped_without_pixel_size: skipped } : {}),
    },
    licenses,
    images,
    annotations,
    categories,
  };
}

export const write: ExportWriter = async (set, target, ctx) => {
  // Building is cheap (no image is read); the walk gives the progress bar and cancel their steps.
  await forEachPhoto(set, ctx, () => undefined);
  const doc = buildCoco(set);
  await fs.writeFile(target, `${JSON.stringify(doc, null, 1)}\n`, { encoding: 'utf8', flag: 'wx' });
};
