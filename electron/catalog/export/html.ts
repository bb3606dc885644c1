// Export format "html": a printable catalogue in one self-contained file. Previews are embedded as
// data: URIs with the regions drawn over them in SVG; a summary table comes first. The page has no
// script at all and a Content Security Policy that allows only its own style sheet and data: images,
// so opening it makes no request. Every value from the archive goes through the escaping template.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Term } from '../../../shared/api';
import { cameraOf, effectiveField, GENERATOR_NAME, num, outlineOf, positionOf, severityLabel } from './annotation-data';
import type { ExportPhoto, ExportRegion, ExportSet } from './collect';
import { embedPreview, type Embedded } from './html-images';
import { redactedRegions } from './redact';
import { CATALOGUE_CSS, CATALOGUE_CSS_HASH } from './html-style';
import { summarise, termName, type Count } from './html-summary';
import { html, trusted, type HtmlValue, type SafeHtml } from './html-template';
import { ExportCancelled, type ExportContext, type ExportWriter } from './writer';

export type CatalogueContext = Pick<ExportContext, 'signal' | 'progress' | 'sharedCopy'> & { options?: Pick<ExportContext['options'], 'catalogueTitle' | 'sourceOrganization'> };

/** No fetch of any kind: images only from data: URIs, styles only the one hashed sheet, no script. */
export const CATALOGUE_CSP = `default-src 'none'; img-src data:; style-src ${CATALOGUE_CSS_HASH}; base-uri 'none'; form-action 'none'`;

/** The title on the cover when the user gave none. */
export const DEFAULT_CATALOGUE_TITLE = 'Photo catalogue';
/** More regions than this and the picture gets a smaller box, so it and its table still share a page. */
const COMPACT_AFTER_REGIONS = 4;

/** Outline colour for a region with no class, or a class without a colour (its own or its parent's). */
const UNCLASSIFIED = '#ffd400';

/** A term's own colour, else its nearest ancestor's, as the annotation view draws it. */
function colourResolver(vocabulary: Term[]): (id: number | undefined) => string {
  const byId = new Map(vocabulary.map((t) => [t.id, t]));
  return (id) => {
    for (let t = id === undefined ? undefined : byId.get(id), depth = 0; t && depth < 20; t = t.parentId === null ? undefined : byId.get(t.parentId), depth++) {
      if (t.colour && /^#[0-9a-fA-F]{6}$/.test(t.colour)) return t.colour;
    }
    return UNCLASSIFIED;
  };
}

function countTable(title: string, key: string, rows: Count[], empty: string): SafeHtml {
  return html`<div><h3>${title}</h3><table class="counts" data-summary="${key}"><thead><tr><th scope="col">${title.replace(/^Regions by /, '').replace(/^./, (c) => c.toUpperCase())}</th><th scope="col" class="n">Regions</th></tr></thead><tbody>${
    rows.length === 0 ? html`<tr><td colspan="2" class="muted">${empty}</td></tr>` : rows.map((r) => html`<tr><th scope="row">${r.label}</th><td class="n">${r.count}</td></tr>`)
  }</tbody></table></div>`;
}

interface Cover {
  title: string;
  organization: string;
}

function coverOf(ctx?: CatalogueContext): Cover {
  return { title: ctx?.options?.catalogueTitle?.trim() || DEFAULT_CATALOGUE_TITLE, organization: ctx?.options?.sourceOrganization?.trim() ?? '' };
}

function header(set: ExportSet, cover: Cover): SafeHtml {
  const s = summarise(set);
  const dates = s.dates ? (s.dates.from === s.dates.to ? s.dates.from : `${s.dates.from} to ${s.dates.to}`) : 'none of the photos has a capture time';
  return html`<header class="cover"><h1 data-cover="title">${cover.title}</h1>${cover.organization ? html`<p class="organization" data-cover="organization">${cover.organization}</p>` : ''}<p class="lead">${s.photos} photo${s.photos === 1 ? '' : 's'} from the archive “${path.basename(set.archiveDir)}”, made by ${GENERATOR_NAME} on ${set.generatedAt}. Regions are drawn on the upright picture (after EXIF orientation). Capture times are as written in each file, in the camera’s local time unless an offset is given.</p>
<section class="summary" aria-label="Summary"><div><h3>Overview</h3><table class="overview" data-summary="overview"><tbody>
<tr><th scope="row">Photos</th><td class="n" data-count="photos">${s.photos}</td></tr>
<tr><th scope="row">Regions</th><td class="n" data-count="regions">${s.regions}</td></tr>
<tr><th scope="row">Photos with regions</th><td class="n">${s.photosWithRegions}</td></tr>
<tr><th scope="row">Capture dates</th><td class="nowrap" data-count="dates">${dates}</td></tr>
<tr><th scope="row">Photos without a capture time</th><td class="n">${s.withoutDate}</td></tr>
</tbody></table></div>
${countTable('Regions by severity', 'severity', s.bySeverity, 'No regions.')}
${countTable('Regions by object class', 'class', s.byClass, 'No regions.')}
${countTable('Regions by damage type', 'damage', s.byDamage, 'No regions.')}
</section></header>`;
}

/** One row of the field list, left out when there is nothing to say. */
function field(label: string, value: HtmlValue, opts: { text?: boolean; fromFile?: boolean; cls?: string; wide?: boolean } = {}): SafeHtml {
  if (value === null || value === undefined || value === false || value === '') return html``;
  const cls = [opts.text ? 'text' : '', opts.cls ?? ''].filter(Boolean).join(' ');
  // Short fields sit two to a row, long text across the page, so a photo's page holds them all.
  return html`<div class="${opts.wide ? 'f wide' : 'f'}"><dt>${label}</dt><dd${cls ? html` class="${cls}"` : ''} data-field="${label}">${value}${opts.fromFile ? html`<span class="from-file"> (as written in the file’s own metadata)</span>` : ''}</dd></div>`;
}

function describedField(p: ExportPhoto, name: 'title' | 'caption' | 'creator' | 'credit' | 'copyright', label: string): SafeHtml {
  const v = effectiveField(p, name);
  return v ? field(label, v.value, { text: true, wide: name === 'caption', fromFile: v.fromFile }) : html``;
}

function captureText(p: ExportPhoto): HtmlValue {
  const c = p.photo.capture;
  if (!c) return 'No capture time in the file';
  return [
    html`<span data-raw>${c.raw}</span>`,
    c.subSec ? `, sub-second ${c.subSec}` : '',
    c.offset ? `, offset ${c.offset}` : '',
    ` (from ${c.source})`,
    c.utc ? `; UTC ${c.utc}` : '',
    // The time above is corrected (collect.ts); say so, and what the camera said.
    p.photo.clock ? `; camera clock corrected by ${p.photo.clock.offsetText}, the camera said ${p.photo.clock.cameraLocal.replace('T', ' ')}` : '',
  ];
}

function placeText(p: ExportPhoto): string | null {
  const m = p.meta;
  const country = m.country && m.countryCode ? `${m.country} (${m.countryCode})` : m.country || m.countryCode;
  const parts = [m.sublocation, m.city, m.region, country].filter((x): x is string => !!x);
  return parts.length > 0 ? parts.join(', ') : null;
}

function positionText(p: ExportPhoto): string | null {
  const pos = positionOf(p);
  if (!pos) return null;
  return `${num(pos.lat, 6)}, ${num(pos.lon, 6)} (${pos.source === 'user' ? 'user-supplied' : 'GPS in the file'})`;
}

function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${num(bytes / 1024, 1)} kB`;
  return `${num(bytes / (1024 * 1024), 1)} MB`;
}

function fileText(p: ExportPhoto): string {
  const d = p.photo;
  const parts = [d.fileName];
  if (d.width && d.height) parts.push(`${d.width} × ${d.height} px as displayed`);
  if (d.orientation && d.orientation !== 1) parts.push(`EXIF orientation ${d.orientation}, shown upright`);
  parts.push(sizeText(d.size));
  if (d.format) parts.push(d.format.toUpperCase());
  return parts.join(' · ');
}

/** Short label for the overlay; the table below the picture carries the full text. */
function overlayLabel(n: number, r: ExportRegion): string {
  const name = r.class?.label ?? 'unclassified';
  return `${n} ${name.length > 40 ? `${name.slice(0, 39)}…` : name}`;
}

/** The regions as SVG in the embedded image's pixel space: outline with a dark halo, numbered label. */
function overlay(img: { width: number; height: number }, regions: ExportRegion[], colourOf: (id: number | undefined) => string): SafeHtml {
  const { width: W, height: H } = img;
  const font = Math.max(W, H) * 0.024;
  const shapes = regions.map((r, i) => {
    const colour = colourOf(r.class?.id);
    const g = r.geometry;
    const shape = (stroke: string, widthPx: number) =>
      g.type === 'rect'
        ? html`<rect x="${num(g.x * W, 2)}" y="${num(g.y * H, 2)}" width="${num(g.w * W, 2)}" height="${num(g.h * H, 2)}" fill="none" stroke="${stroke}" stroke-width="${widthPx}" vector-effect="non-scaling-stroke"/>`
        : html`<polygon points="${outlineOf(g).map(([x, y]) => `${num(x * W, 2)},${num(y * H, 2)}`).join(' ')}" fill="none" stroke="${stroke}" stroke-width="${widthPx}" stroke-linejoin="round" vector-effect="non-scaling-stroke"/>`;
    const [x0, y0] = outlineOf(g).reduce(([mx, my], [x, y]) => [Math.min(mx, x), Math.min(my, y)], [1, 1]);
    // Above the shape's top-left corner, or just inside it when the shape touches the top edge.
    const labelY = y0 * H - font * 0.35 < font ? y0 * H + font * 1.05 : y0 * H - font * 0.35;
    return html`<g class="region" data-region="${i + 1}" data-shape="${g.type}">${shape('#000000', 5)}${shape(colour, 2.5)}<text class="region-label" x="${num(x0 * W + font * 0.15, 2)}" y="${num(labelY, 2)}" font-size="${num(font, 2)}" fill="#000000" stroke="#ffffff" stroke-width="${num(font * 0.22, 2)}">${overlayLabel(i + 1, r)}</text></g>`;
  });
  return html`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" preserveAspectRatio="none" role="img" aria-label="${`${regions.length} region${regions.length === 1 ? '' : 's'} drawn on the photo`}">${shapes}</svg>`;
}

function picture(p: ExportPhoto, embedded: Embedded, colourOf: (id: number | undefined) => string): SafeHtml {
  if (embedded.kind === 'none') {
    return html`<figure><div class="no-preview" data-no-preview><strong>No preview</strong>${embedded.reason}</div>${
      p.regions.length > 0 ? html`<figcaption>${p.regions.length} region${p.regions.length === 1 ? '' : 's'} listed below could not be drawn.</figcaption>` : ''
    }</figure>`;
  }
  let note = embedded.fromThumb ? ' Shown from the small grid thumbnail: the preview was not made yet.' : '';
  if (embedded.redacted) {
    const r = embedded.redacted;
    note += ` ${r.count} region${r.count === 1 ? '' : 's'} ${r.method === 'black' ? 'blacked out' : 'blurred'} in this copy (picture SHA-256 ${r.sha256}; original SHA-256 ${p.photo.sha256 ?? 'unknown'}).`;
  }
  // The img's size attributes are the original's own pixel size (upright): the style sheet only
  // ever shrinks it to the page's picture box, so a small original is never enlarged beyond one
  // CSS pixel per image pixel (the embedded JPEG may be smaller; the browser scales it to this box).
  const { w, h } = displaySize(p, embedded);
  const compact = p.regions.length > COMPACT_AFTER_REGIONS ? ' compact' : '';
  return html`<figure><div class="${`frame${compact}`}"><img src="${embedded.dataUri}" width="${w}" height="${h}" alt="${`Preview of ${p.photo.fileName}`}">${
    p.regions.length > 0 ? overlay(embedded, p.regions, colourOf) : ''
  }</div><figcaption>${p.regions.length === 0 ? 'No regions marked.' : `Numbers match the regions listed below.`}${note}</figcaption></figure>`;
}

/** The picture's size in CSS pixels: the original's displayed pixels, in the embedded image's aspect ratio. */
function displaySize(p: ExportPhoto, embedded: { width: number; height: number; fromThumb: boolean }): { w: number; h: number } {
  const { width, height } = p.photo;
  if (!width || !height || embedded.fromThumb) return { w: embedded.width, h: embedded.height };
  const longest = Math.max(width, height);
  const scale = longest / Math.max(embedded.width, embedded.height);
  return { w: Math.round(embedded.width * scale), h: Math.round(embedded.height * scale) };
}

function regionTable(regions: ExportRegion[]): SafeHtml {
  if (regions.length === 0) return html``;
  const rows = regions.map((r, i) => {
    const shape = r.geometry.type === 'rect' ? 'rectangle' : `polygon, ${r.geometry.points.length} points`;
    // Severity and confidence share a column, so the class, damage and note columns are wide enough
    // for a photo's picture and its whole table to share one page.
    return html`<tr data-region="${i + 1}"><td class="n">${i + 1}</td><td>${r.class ? termName(r.class) : html`<span class="muted">none</span>`} <span class="muted">(${shape})</span></td><td>${
      r.damage.length > 0 ? r.damage.map(termName).join('; ') : html`<span class="muted">none</span>`
    }</td><td><span data-severity>${severityLabel(r.severity) ?? html`<span class="muted">not given</span>`}</span><br><span data-confidence>${r.confidence ?? html`<span class="muted">not given</span>`}</span></td><td class="text" data-note>${r.note}</td></tr>`;
  });
  return html`<h3>Regions</h3><table class="regions"><thead><tr><th scope="col" class="n">#</th><th scope="col">Object class</th><th scope="col">Damage</th><th scope="col">Severity, confidence</th><th scope="col">Note</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function photoBlock(p: ExportPhoto, index: number, embedded: Embedded, colourOf: (id: number | undefined) => string): SafeHtml {
  const d = p.photo;
  const title = effectiveField(p, 'title')?.value;
  const keywords = d.fromFile.keywords;
  // The picture and its regions table are kept together (one block that does not break); the fields follow.
  return html`<section class="photo" id="${`photo-${index + 1}`}" data-photo-id="${d.id}"><h2><span class="num">${index + 1}.</span> ${title ?? d.fileName}</h2>
<div class="keep">${picture(p, embedded, colourOf)}
${regionTable(p.regions)}</div>
<dl class="fields">
${describedField(p, 'title', 'Title')}
${describedField(p, 'caption', 'Caption')}
${describedField(p, 'credit', 'Credit')}
${describedField(p, 'creator', 'Creator')}
${describedField(p, 'copyright', 'Copyright')}
${field('Tags', p.tags.map(termName).join('; '))}
${field('Keywords in file', keywords.join('; '))}
${field('Event', p.meta.event, { text: true })}
${field('Place', placeText(p))}
${field('Position', positionText(p))}
${field('Captured', captureText(p))}
${field('Camera', [cameraOf(p), d.lens].filter(Boolean).join(', '))}
${field('Source', p.meta.source, { text: true })}
${field('Provenance', p.meta.provenance, { text: true })}
${field('File', fileText(p), { wide: true })}
${field('SHA-256', d.sha256, { cls: 'hash', wide: true })}
${field('Original', d.missing ? 'Missing: the file was not where the archive last found it.' : '')}
</dl></section>
`;
}

function documentStart(set: ExportSet, cover: Cover): string {
  return html`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CATALOGUE_CSP}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="${GENERATOR_NAME}">
<title>${`${cover.title}, ${set.photos.length} photo${set.photos.length === 1 ? '' : 's'}`}</title>
<style>${trusted(CATALOGUE_CSS)}</style>
</head><body>
${header(set, cover)}
<main>
`.text;
}

const DOCUMENT_END = '</main>\n</body></html>\n';

/**
 * The catalogue in pieces, in order, so that the file writer never holds the whole document (with
 * all its embedded images) in memory. Checks for cancel before each photo and reports it after.
 */
async function* catalogueParts(set: ExportSet, ctx?: CatalogueContext): AsyncGenerator<string> {
  const colourOf = colourResolver(set.vocabulary);
  yield documentStart(set, coverOf(ctx));
  // Encode the next photo's picture while this one is written (embedPreview never rejects).
  let next: Promise<Embedded> | null = set.photos[0] ? embedPreview(set.photos[0], set.share) : null;
  for (const [i, p] of set.photos.entries()) {
    if (ctx?.signal.aborted) throw new ExportCancelled();
    const embedded = await next!;
    const following = set.photos[i + 1];
    next = following ? embedPreview(following, set.share) : null;
    if (embedded.kind === 'image' && embedded.redacted && p.photo.sha256) {
      const r = embedded.redacted;
      ctx?.sharedCopy?.(
        p.photo.id,
        { kind: 'catalogue picture', sha256: r.sha256, originalSha256: p.photo.sha256, method: r.method, redacted: redactedRegions(p.regions) },
        `Redacted picture of ${p.photo.fileName} in a catalogue (${r.count} region${r.count === 1 ? '' : 's'} ${r.method === 'black' ? 'blacked out' : 'blurred'}): picture SHA-256 ${r.sha256}, original SHA-256 ${p.photo.sha256}`,
      );
    }
    yield photoBlock(p, i, embedded, colourOf).text;
    ctx?.progress(p.photo.fileName);
  }
  if (ctx?.signal.aborted) throw new ExportCancelled();
  yield DOCUMENT_END;
}

/** The whole catalogue as one string (for the BagIt package and tests; the file export streams). */
export async function buildCatalogueHtml(set: ExportSet, ctx?: CatalogueContext): Promise<string> {
  const parts: string[] = [];
  for await (const part of catalogueParts(set, ctx)) parts.push(part);
  return parts.join('');
}

export const write: ExportWriter = async (set, target, ctx) => {
  const file = await fs.open(target, 'wx');
  try {
    for await (const part of catalogueParts(set, ctx)) await file.write(part, null, 'utf8');
    await file.sync();
  } finally {
    await file.close();
  }
};
