// COCO export for machine-learning teams: a document a COCO reader accepts (checked against a JSON
// Schema of the format, not against our own types), with pixel coordinates in the upright picture
// even for a photo stored sideways, and the damage assessment carried along.
import Ajv from 'ajv';
import fs from 'node:fs';
import path from 'node:path';
import sharp, { type Sharp } from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCoco } from '../../electron/catalog/export/coco';
import { COCO_DETECTION_SCHEMA, cocoSemanticProblems } from '../helpers/export-coco-schema';
import {
  ANNOTATOR, HOSTILE_CAPTION, HOSTILE_NOTE, POLYGON, RECT, ROTATED, UPRIGHT_TWIN, annotatedArchive, exportSetOf, exportVia, type AnnotatedArchive,
} from '../helpers/export-archive';
import { ORIENTATION, exiftoolJson, tempDir } from '../helpers/fixtures';
import { meanAbsDiff } from '../helpers/images';

interface Coco {
  info: { contributor: string; description: string };
  licenses: Array<{ id: number; name: string }>;
  images: Array<{ id: number; file_name: string; width: number; height: number; sha256: string; license: number | null; caption?: string; date_captured: string | null }>;
  annotations: Array<{
    id: number; image_id: number; category_id: number; bbox: number[]; segmentation: number[][]; area: number; iscrowd: number;
    attributes: { damage: string[]; severity: number | string | null; severity_label: string | null; confidence: string | null; note: string };
  }>;
  categories: Array<{ id: number; name: string; supercategory: string }>;
}

let a: AnnotatedArchive;
let coco: Coco;
let out: string;

beforeAll(async () => {
  a = await annotatedArchive();
  out = path.join(tempDir('coco-'), 'damage.json');
  const done = await exportVia(a, 'coco', out);
  expect(done).toMatchObject({ state: 'done', done: 3, total: 3, message: `Exported 3 photos to ${out}.` });
  coco = JSON.parse(fs.readFileSync(out, 'utf8')) as Coco;
});
afterAll(() => a?.close());

describe('COCO export', () => {
  it('is a valid COCO object-detection document whose references all resolve', () => {
    const ajv = new Ajv({ allErrors: true });
    const valid = ajv.validate(COCO_DETECTION_SCHEMA, coco);
    expect(ajv.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    expect(cocoSemanticProblems(coco)).toEqual([]);
    expect(coco.images).toHaveLength(3);
    expect(coco.annotations).toHaveLength(3);
  });

  it('gives pixel coordinates in the upright picture for a photo stored sideways (EXIF Orientation 6)', async () => {
    const file = path.join(ORIENTATION, ROTATED);
    const [stored] = exiftoolJson([file], ['Orientation', 'ImageWidth', 'ImageHeight']);
    expect(stored).toMatchObject({ Orientation: 6, ImageWidth: 1200, ImageHeight: 1800 });
    const image = coco.images.find((i) => i.id === a.ids[ROTATED])!;
    // Displayed = stored turned a quarter: the width is the stored height.
    expect(image).toMatchObject({ file_name: ROTATED, width: 1800, height: 1200 });

    const rect = coco.annotations.find((x) => x.id === a.regions.rect.id)!;
    expect(rect.bbox).toEqual([RECT.x * 1800, RECT.y * 1200, RECT.w * 1800, RECT.h * 1200]);
    expect(rect.segmentation).toEqual([[180, 240, 720, 240, 720, 540, 180, 540]]);
    expect(rect.area).toBeCloseTo(540 * 300, 6);
    const poly = coco.annotations.find((x) => x.id === a.regions.polygon.id)!;
    expect(poly.segmentation).toEqual([POLYGON.points.flatMap(([x, y]) => [x * 1800, y * 1200]).map((v) => Math.round(v * 100) / 100)]);
    expect(poly.bbox).toEqual([900, 600, 720, 480]);

    // The pixels inside the box are the same part of the picture as in the twin stored upright,
    // and not what the box would cover in the sideways stored pixels.
    const [x, y, w, h] = rect.bbox.map(Math.round) as [number, number, number, number];
    const crop = async (input: Sharp) =>
      input.extract({ left: x, top: y, width: w, height: h }).resize(32, 18, { fit: 'fill' }).greyscale().raw().toBuffer();
    const fromExport = await crop(sharp(await sharp(file).rotate().toBuffer()));
    const upright = await crop(sharp(path.join(ORIENTATION, UPRIGHT_TWIN)));
    const sideways = await crop(sharp(file));
    expect(meanAbsDiff(fromExport, upright)).toBeLessThan(12);
    expect(meanAbsDiff(sideways, upright)).toBeGreaterThan(2 * meanAbsDiff(fromExport, upright) + 10);
  });

  it('names categories by class with their parent as supercategory, and keeps regions without a class', () => {
    const cat = (key: string) => coco.categories.find((c) => c.name === key);
    expect(cat('building.residential')).toMatchObject({ id: a.term('building.residential').id, supercategory: 'building' });
    expect(cat('vehicle.minibus')).toMatchObject({ supercategory: 'vehicle' });
    expect(cat('building')).toMatchObject({ supercategory: 'building' });
    expect(cat('unclassified')).toMatchObject({ id: 0 });
    const unclassified = coco.annotations.find((x) => x.id === a.regions.unclassified.id)!;
    expect(unclassified).toMatchObject({ category_id: 0, attributes: { damage: ['damage.blast'], severity: 'na', severity_label: 'not assessable' } });
  });

  it('carries damage types, severity, confidence and the note, with the hostile text intact', () => {
    const rect = coco.annotations.find((x) => x.id === a.regions.rect.id)!;
    expect(rect.category_id).toBe(a.term('building.residential').id);
    expect(rect.iscrowd).toBe(0);
    expect(rect.attributes).toMatchObject({
      damage: ['damage.gunfire', 'damage.glazing'], severity: 3, severity_label: '3 severe', confidence: 'certain', note: HOSTILE_NOTE,
    });
    const image = coco.images.find((i) => i.id === a.ids[ROTATED])!;
    expect(image.caption).toBe(HOSTILE_CAPTION);
    expect(image.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(coco.licenses.find((l) => l.id === image.license)?.name).toBe('© 2022 Example Agency');
    expect(coco.info.contributor).toBe(ANNOTATOR);
    // JSON strings are data: the markup is present only as escaped text inside a string value.
    expect(fs.readFileSync(out, 'utf8')).toContain(JSON.stringify(HOSTILE_CAPTION));
  });

  it('gives every image license and date_captured, null when unknown', () => {
    for (const image of coco.images) {
      expect(Object.keys(image)).toEqual(expect.arrayContaining(['license', 'date_captured']));
    }
    // Only the rotated photo has a copyright; the others have a null license rather than none at all.
    expect(coco.images.filter((i) => i.license === null)).toHaveLength(coco.images.length - 1);
    for (const i of coco.images) expect(i.date_captured === null || /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(i.date_captured)).toBe(true);
  });

  it('gives the same ids when the archive is exported again, and exports a selection on its own', async () => {
    const again = buildCoco(await exportSetOf(a)) as Coco;
    expect(again.annotations.map((x) => [x.id, x.image_id, x.category_id])).toEqual(coco.annotations.map((x) => [x.id, x.image_id, x.category_id]));
    expect(again.categories).toEqual(coco.categories);
    const one = buildCoco(await exportSetOf(a, [a.ids[ROTATED]!])) as Coco;
    expect(one.images.map((i) => i.file_name)).toEqual([ROTATED]);
    expect(one.categories).toEqual(coco.categories); // the same category list whatever is selected
    expect(cocoSemanticProblems(one)).toEqual([]);
  });
});
