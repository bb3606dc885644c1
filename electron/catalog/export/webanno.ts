// Export format "webanno": W3C Web Annotation (JSON-LD), one AnnotationCollection whose first
// AnnotationPage holds every annotation. Each claim is tied to the exact bytes it is about: the
// target's source is urn:sha256:<hash of the original>.
//
// - One annotation per region: bodies are TextualBodies with purpose classifying (object class),
//   tagging (each damage type), assessing (severity, confidence; written as the full IRI
//   http://www.w3.org/ns/oa#assessing, which the official context has no term for) and describing. The
//   selector is a media-fragment rectangle in percent of the displayed image, or for a polygon an
//   SVG polygon in the displayed image's pixels (percent when the pixel size is unknown).
// - One annotation per photo tag, targeting the whole image, purpose tagging, created when the tag
//   was put on (from the history); and one for the
//   photo's caption (the user's, else the file's), purpose describing.
// - Ids are name-based UUIDs (urn:uuid, version 5) from the photo's hash and the region id or tag
//   key, so exporting the same archive again gives the same ids.
// - Every string from users goes only into JSON string values (value, name, label), never into
//   the SVG or the fragment, which are built from numbers alone (num() refuses anything else).
import fs from 'node:fs/promises';
import type { ExportPhoto, ExportRegion, ExportSet, ExportTerm } from './collect';
import { Attribution, GENERATOR_NAME, effectiveField, forEachPhoto, num, outlineOf, severityLabel, uuidV5 } from './annotation-data';
import type { ExportWriter } from './writer';

export const ANNO_CONTEXT = 'http://www.w3.org/ns/anno.jsonld';
export const MEDIA_FRAGMENTS = 'http://www.w3.org/TR/media-frags/';

/**
 * "assessing" is a motivation of the Web Annotation Vocabulary (oa:assessing), but the official
 * JSON-LD context (http://www.w3.org/ns/anno.jsonld) has no term for it: a bare "assessing" is
 * dropped by JSON-LD processors (or turned into a relative IRI). So it is written as its full IRI,
 * which every processor keeps; the other purposes are terms of the context.
 */
export const OA_ASSESSING = 'http://www.w3.org/ns/oa#assessing';
type Purpose = 'classifying' | 'tagging' | typeof OA_ASSESSING | 'describing';
interface TextualBody {
  type: 'TextualBody';
  purpose: Purpose;
  value: string;
  format: 'text/plain';
}
type Selector = { type: 'FragmentSelector'; conformsTo: string; value: string } | { type: 'SvgSelector'; value: string };

const body = (purpose: Purpose, value: string): TextualBody => ({ type: 'TextualBody', purpose, value, format: 'text/plain' });
const person = (name: string | null) => (name ? { creator: { type: 'Person', name } } : {});

/** urn:sha256:<hex>, or for a photo without a hash (never expected) a name that says so. */
function sourceOf(p: ExportPhoto): string {
  return p.photo.sha256 ? `urn:sha256:${p.photo.sha256}` : `urn:uuid:${uuidV5(`photo without hash/${p.photo.id}/${p.photo.fileName}`)}`;
}

/** Percent of the displayed image, at most 4 decimals (a 10000 px image still lands on its pixel). */
const pct = (v: number) => num(v * 100, 4);

export function selectorOf(r: ExportRegion, width: number | null, height: number | null): Selector {
  const g = r.geometry;
  if (g.type === 'rect') {
    return { type: 'FragmentSelector', conformsTo: MEDIA_FRAGMENTS, value: `xywh=percent:${pct(g.x)},${pct(g.y)},${pct(g.w)},${pct(g.h)}` };
  }
  // SVG coordinates are in the image's own pixel space where it is known (what SVG selectors
  // assume); the viewBox states that space either way.
  const px = width && height ? { w: width, h: height, digits: 2 } : null;
  const points = outlineOf(g)
    .map(([x, y]) => (px ? `${num(x * px.w, px.digits)},${num(y * px.h, px.digits)}` : `${pct(x)},${pct(y)}`))
    .join(' ');
  const viewBox = px ? `0 0 ${num(px.w, 0)} ${num(px.h, 0)}` : '0 0 100 100';
  return { type: 'SvgSelector', value: `<svg xmlns="http://www.w3.org/2000/svg" viewBox="${viewBox}"><polygon points="${points}"/></svg>` };
}

const termBody = (purpose: Purpose, t: ExportTerm) => body(purpose, t.label);

function regionAnnotation(p: ExportPhoto, r: ExportRegion, who: Attribution) {
  const bodies: TextualBody[] = [];
  if (r.class) bodies.push(termBody('classifying', r.class));
  for (const d of r.damage) bodies.push(termBody('tagging', d));
  const severity = severityLabel(r.severity);
  if (severity) bodies.push(body(OA_ASSESSING, `severity: ${severity}`));
  if (r.confidence) bodies.push(body(OA_ASSESSING, `confidence: ${r.confidence}`));
  if (r.note) bodies.push(body('describing', r.note));
  const motivation = r.class ? 'classifying' : r.damage.length ? 'tagging' : severity || r.confidence ? OA_ASSESSING : r.note ? 'describing' : 'highlighting';
  return {
    id: `urn:uuid:${uuidV5(`webanno/region/${p.photo.sha256 ?? p.photo.id}/${r.id}`)}`,
    type: 'Annotation',
    motivation,
    ...person(who.regionCreator(r)),
    created: r.createdAt,
    modified: r.updatedAt,
    ...(bodies.length ? { body: bodies } : {}),
    target: { source: sourceOf(p), selector: selectorOf(r, p.photo.width, p.photo.height) },
  };
}

function tagAnnotation(p: ExportPhoto, t: ExportTerm, who: Attribution) {
  const tagged = p.tagged.get(t.id);
  return {
    id: `urn:uuid:${uuidV5(`webanno/tag/${p.photo.sha256 ?? p.photo.id}/${t.kind}/${t.key}`)}`,
    type: 'Annotation',
    motivation: 'tagging',
    ...person(tagged?.actor ?? who.tagger(p.photo.id)),
    ...(tagged ? { created: tagged.at } : {}),
    body: [termBody('tagging', t)],
    target: { source: sourceOf(p) },
  };
}

/** The caption describes the whole picture: one "describing" annotation, by whoever wrote it. */
function captionAnnotation(p: ExportPhoto, who: Attribution) {
  const caption = effectiveField(p, 'caption');
  if (!caption) return [];
  const setBy = caption.fromFile ? null : who.fieldSetBy(p.photo.id, 'caption', caption.value);
  return [
    {
      id: `urn:uuid:${uuidV5(`webanno/caption/${p.photo.sha256 ?? p.photo.id}`)}`,
      type: 'Annotation',
      motivation: 'describing',
      ...person(setBy?.actor ?? null),
      ...(setBy ? { created: setBy.at } : {}),
      body: [body('describing', caption.value)],
      target: { source: sourceOf(p) },
    },
  ];
}

export function annotationsOfPhoto(p: ExportPhoto, who: Attribution): object[] {
  return [...p.regions.map((r) => regionAnnotation(p, r, who)), ...p.tags.map((t) => tagAnnotation(p, t, who)), ...captionAnnotation(p, who)];
}

/** The whole export as one AnnotationCollection with a single (first) AnnotationPage. */
export function buildWebAnnotations(set: ExportSet): object {
  const who = new Attribution(set.history);
  const items = set.photos.flatMap((p) => annotationsOfPhoto(p, who));
  const name = `webanno/collection/${set.photos.map((p) => p.photo.sha256 ?? p.photo.id).join(',')}`;
  return {
    '@context': ANNO_CONTEXT,
    id: `urn:uuid:${uuidV5(name)}`,
    type: 'AnnotationCollection',
    label: `${GENERATOR_NAME}: annotations of ${set.photos.length} photo${set.photos.length === 1 ? '' : 's'}`,
    total: items.length,
    generator: { type: 'Software', name: GENERATOR_NAME },
    generated: set.generatedAt,
    first: {
      id: `urn:uuid:${uuidV5(`${name}/page/0`)}`,
      type: 'AnnotationPage',
      startIndex: 0,
      items,
    },
  };
}

export const write: ExportWriter = async (set, target, ctx) => {
  await forEachPhoto(set, ctx, () => undefined);
  await fs.writeFile(target, `${JSON.stringify(buildWebAnnotations(set), null, 1)}\n`, { encoding: 'utf8', flag: 'wx' });
};
