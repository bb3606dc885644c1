// A JSON Schema (draft-07, for ajv) of the COCO object-detection format, written from the format's
// published description ("Data format" on the COCO site). The spec facts it encodes:
// - The document is an object with info, images, annotations, licenses and (for detection)
//   categories.
// - info: year (int), version, description, contributor, url (strings), date_created (datetime).
// - image: id, width, height (ints), file_name (string), license (int; null here when unknown), flickr_url,
//   coco_url (strings), date_captured (a "YYYY-MM-DD hh:mm:ss" datetime, as COCO's own files write it).
// - license: id (int), name, url (strings).
// - annotation: id, image_id, category_id (ints); bbox [x, y, width, height] with x, y the
//   top-left corner in pixels; area (float); iscrowd 0 or 1. With iscrowd 0 the segmentation is a
//   list of polygons, each a flat list [x1, y1, x2, y2, ...] (an even count, at least 3 points).
// - category: id (int), name, supercategory (strings).
// Extra fields are allowed everywhere: COCO readers ignore what they do not know, and tools (CVAT's
// `attributes`, for one) add their own. The checks a schema cannot state (ids that refer to each
// other, a bbox inside its image, x/y pairs) are made by cocoSemanticProblems().
export const COCO_DETECTION_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  required: ['info', 'images', 'annotations', 'categories', 'licenses'],
  definitions: {
    id: { type: 'integer', minimum: 0 },
    datetime: { type: 'string', minLength: 1 },
    polygon: { type: 'array', items: { type: 'number' }, minItems: 6 },
  },
  properties: {
    info: {
      type: 'object',
      required: ['year', 'version', 'description', 'contributor', 'date_created'],
      properties: {
        year: { type: 'integer' },
        version: { type: 'string' },
        description: { type: 'string' },
        contributor: { type: 'string' },
        url: { type: 'string' },
        date_created: { $ref: '#/definitions/datetime' },
      },
    },
    licenses: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'name', 'url'],
        properties: { id: { $ref: '#/definitions/id' }, name: { type: 'string' }, url: { type: 'string' } },
      },
    },
    images: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'width', 'height', 'file_name', 'license', 'date_captured'],
        properties: {
          id: { $ref: '#/definitions/id' },
          width: { type: 'integer', minimum: 1 },
          height: { type: 'integer', minimum: 1 },
          file_name: { type: 'string', minLength: 1 },
          license: { anyOf: [{ $ref: '#/definitions/id' }, { type: 'null' }] },
          flickr_url: { type: 'string' },
          coco_url: { type: 'string' },
          date_captured: { anyOf: [{ type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}$' }, { type: 'null' }] },
        },
      },
    },
    annotations: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'image_id', 'category_id', 'segmentation', 'area', 'bbox', 'iscrowd'],
        properties: {
          id: { $ref: '#/definitions/id' },
          image_id: { $ref: '#/definitions/id' },
          category_id: { $ref: '#/definitions/id' },
          bbox: { type: 'array', items: { type: 'number', minimum: 0 }, minItems: 4, maxItems: 4 },
          area: { type: 'number', minimum: 0 },
          iscrowd: { enum: [0, 1] },
          segmentation: { anyOf: [{ type: 'array' }, { type: 'object' }] },
        },
        // iscrowd 0: the segmentation is polygons (RLE, an object, belongs to iscrowd 1).
        if: { properties: { iscrowd: { const: 0 } } },
        then: { properties: { segmentation: { type: 'array', minItems: 1, items: { $ref: '#/definitions/polygon' } } } },
      },
    },
    categories: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['id', 'name', 'supercategory'],
        properties: { id: { $ref: '#/definitions/id' }, name: { type: 'string', minLength: 1 }, supercategory: { type: 'string' } },
      },
    },
  },
} as const;

interface CocoDoc {
  images: Array<{ id: number; width: number; height: number }>;
  annotations: Array<{ id: number; image_id: number; category_id: number; bbox: number[]; segmentation: number[][]; area: number }>;
  categories: Array<{ id: number; name: string }>;
}

/** What a schema cannot say: references resolve, ids are unique, boxes lie in their image and enclose their polygons. */
export function cocoSemanticProblems(doc: CocoDoc): string[] {
  const problems: string[] = [];
  const images = new Map(doc.images.map((i) => [i.id, i]));
  const categories = new Set(doc.categories.map((c) => c.id));
  const unique = (what: string, ids: number[]) => {
    if (new Set(ids).size !== ids.length) problems.push(`${what} ids repeat`);
  };
  unique('image', doc.images.map((i) => i.id));
  unique('annotation', doc.annotations.map((a) => a.id));
  unique('category', doc.categories.map((c) => c.id));
  if (new Set(doc.categories.map((c) => c.name)).size !== doc.categories.length) problems.push('category names repeat');
  const close = (a: number, b: number) => Math.abs(a - b) <= 0.011; // coordinates carry 2 decimals
  for (const a of doc.annotations) {
    const img = images.get(a.image_id);
    if (!img) problems.push(`annotation ${a.id}: no image ${a.image_id}`);
    if (!categories.has(a.category_id)) problems.push(`annotation ${a.id}: no category ${a.category_id}`);
    const [x, y, w, h] = a.bbox as [number, number, number, number];
    if (img && (x < 0 || y < 0 || x + w > img.width + 0.011 || y + h > img.height + 0.011)) problems.push(`annotation ${a.id}: bbox outside its image`);
    if (a.segmentation.some((poly) => poly.length % 2 !== 0)) problems.push(`annotation ${a.id}: a polygon has an odd number of coordinates`);
    const xs = a.segmentation.flatMap((poly) => poly.filter((_, i) => i % 2 === 0));
    const ys = a.segmentation.flatMap((poly) => poly.filter((_, i) => i % 2 === 1));
    const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
    if (!(close(x, minX) && close(y, minY) && close(x + w, maxX) && close(y + h, maxY))) problems.push(`annotation ${a.id}: bbox is not the polygon's bounds`);
    if (a.area > w * h + 0.05) problems.push(`annotation ${a.id}: area larger than its bbox`);
  }
  return problems;
}
